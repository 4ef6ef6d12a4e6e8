package io.suite.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The spans a service under test finished, kept in memory: the services' {@code %test} profile exports to it
 * ({@code quarkus.otel.traces.exporter=recorded}, with the simple span processor so a span is here when it ends).
 */
public final class RecordedSpans {

    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    private RecordedSpans() {
    }

    public static void reset() {
        EXPORTER.reset();
    }

    public static List<SpanData> all() {
        return EXPORTER.getFinishedSpanItems();
    }

    /** The spans of one trace, once one of them matches {@code until} (spans end asynchronously after a response). */
    public static List<SpanData> traceOf(Predicate<SpanData> first, Predicate<SpanData> until) {
        SpanData found = await().atMost(Duration.ofSeconds(10))
                .until(() -> all().stream().filter(first).findFirst(), Optional::isPresent).get();
        String traceId = found.getTraceId();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> all().stream().anyMatch(s -> s.getTraceId().equals(traceId) && until.test(s)));
        return all().stream().filter(s -> s.getTraceId().equals(traceId)).collect(Collectors.toList());
    }

    public static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    public static Predicate<SpanData> attribute(String key, String value) {
        return span -> value.equals(span.getAttributes().get(AttributeKey.stringKey(key)));
    }

    /** The parent of {@code span} among {@code spans}, if it is there. */
    public static Optional<SpanData> parentOf(SpanData span, List<SpanData> spans) {
        return spans.stream().filter(s -> s.getSpanId().equals(span.getParentSpanId())).findFirst();
    }

    /** Registered through META-INF/services under the name {@code recorded}. */
    public static final class Provider implements ConfigurableSpanExporterProvider {

        @Override
        public SpanExporter createExporter(ConfigProperties config) {
            return EXPORTER;
        }

        @Override
        public String getName() {
            return "recorded";
        }
    }
}
