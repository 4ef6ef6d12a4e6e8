package io.suite.sandbox.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/**
 * The OTLP decoder against requests written byte by byte: one fixed request whose bytes are spelled out below, and
 * fuller ones made with {@link Proto}, a protobuf writer of a few lines (tags, varints, length prefixes), so nothing
 * here depends on a protobuf library or on the decoder's own reading.
 */
class OtlpTracesTest {

    static final HexFormat HEX = HexFormat.of();
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";
    static final String PARENT = "53995c3f42cd8ad8";

    /**
     * ExportTraceServiceRequest { resource_spans { resource { attributes { key: "service.name" value { string_value:
     * "cat" } } } scope_spans { spans { trace_id: TRACE span_id: SPAN name: "GET /x" kind: SPAN_KIND_SERVER } } } }
     */
    static final String FIXED = "0a43" // resource_spans (1, length-delimited), 67 bytes
            + "0a17" // resource (1), 23 bytes
            + "0a15" // attributes (1), KeyValue of 21 bytes
            + "0a0c" + hex("service.name") // key (1), 12 bytes
            + "1205" + "0a03" + hex("cat") // value (2): AnyValue of 5 bytes, string_value (1) "cat"
            + "1228" // scope_spans (2), 40 bytes
            + "1226" // spans (2), 38 bytes
            + "0a10" + TRACE // trace_id (1), 16 bytes
            + "1208" + SPAN // span_id (2), 8 bytes
            + "2a06" + hex("GET /x") // name (5), 6 bytes
            + "3002"; // kind (6, varint) = 2, SERVER

    @Test
    void aRequestSpelledOutByteByByte() {
        List<ReceivedSpan> spans = OtlpTraces.decode(HEX.parseHex(FIXED));
        assertThat(spans).containsExactly(new ReceivedSpan("cat", "", "GET /x", "SERVER", TRACE, SPAN, "", Map.of()));
    }

    @Test
    void spansOfSeveralResourcesAndScopesWithTheirParentsAndAttributes() {
        byte[] request = request(
                resourceSpans("catalog-service", scopeSpans("io.quarkus.opentelemetry",
                        span(TRACE, SPAN, PARENT, "POST /api/v1/catalog/products/import", 2,
                                attribute("suite.correlation_id", string("cid-1")),
                                attribute("http.response.status_code", Proto.message().varint(3, 201)),
                                attribute("retried", Proto.message().varint(2, 1)),
                                attribute("ratio", Proto.message().fixed64(4, Double.doubleToLongBits(0.25))),
                                attribute("raw", Proto.message().bytes(7, new byte[] { 1, (byte) 0xab })),
                                // an array value is left out
                                attribute("tags", Proto.message().bytes(5, Proto.message().bytes(1, string("a").bytes()).bytes()))),
                        span(TRACE, "1111111111111111", SPAN, "upstream creators", 1)),
                        scopeSpans("io.suite.resilience", span(TRACE, "2222222222222222", "1111111111111111", "POST", 3))),
                resourceSpans("marketdata-service", scopeSpans("s", span("0123456789abcdef0123456789abcdef", "3333333333333333",
                        "", "GET /api/v1/market-data/{ticker}/quote", 2))));

        List<ReceivedSpan> spans = OtlpTraces.decode(request);

        assertThat(spans).extracting(ReceivedSpan::service, ReceivedSpan::scope, ReceivedSpan::name, ReceivedSpan::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("catalog-service", "io.quarkus.opentelemetry",
                                "POST /api/v1/catalog/products/import", "SERVER"),
                        org.assertj.core.groups.Tuple.tuple("catalog-service", "io.quarkus.opentelemetry", "upstream creators",
                                "INTERNAL"),
                        org.assertj.core.groups.Tuple.tuple("catalog-service", "io.suite.resilience", "POST", "CLIENT"),
                        org.assertj.core.groups.Tuple.tuple("marketdata-service", "s", "GET /api/v1/market-data/{ticker}/quote",
                                "SERVER"));
        ReceivedSpan server = spans.get(0);
        assertThat(server.traceId()).isEqualTo(TRACE);
        assertThat(server.spanId()).isEqualTo(SPAN);
        assertThat(server.parentSpanId()).isEqualTo(PARENT);
        assertThat(server.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("suite.correlation_id", "cid-1",
                "http.response.status_code", "201", "retried", "true", "ratio", "0.25", "raw", "01ab"));
        assertThat(spans.get(1).parentSpanId()).isEqualTo(SPAN);
        assertThat(spans.get(2).parentSpanId()).isEqualTo("1111111111111111");
        assertThat(spans.get(3).parentSpanId()).as("a root span").isEmpty();
    }

    @Test
    void fieldsItDoesNotReadAreSkippedWhateverTheirWireType() {
        // as a real exporter sends them: start and end times (fixed64), flags (fixed32), status (a message), events,
        // dropped counts (varint), trace_state (a string); the resource after its spans; a schema_url
        Proto span = Proto.message().bytes(1, HEX.parseHex(TRACE)).bytes(2, HEX.parseHex(SPAN)).string(3, "vendor=1")
                .fixed64(7, 1_700_000_000_000_000_000L).fixed64(8, 1_700_000_000_100_000_000L).string(5, "GET /y")
                .varint(6, 3).varint(10, 0).bytes(11, Proto.message().string(2, "event").bytes())
                .bytes(15, Proto.message().varint(3, 1).bytes()).fixed32(16, 0x301);
        byte[] request = Proto.message()
                .bytes(1, Proto.message().bytes(2, Proto.message().bytes(2, span.bytes()).string(3, "https://schema").bytes())
                        .bytes(1, resource("late").bytes()).string(3, "https://schema").bytes())
                .bytes();

        assertThat(OtlpTraces.decode(request))
                .containsExactly(new ReceivedSpan("late", "", "GET /y", "CLIENT", TRACE, SPAN, "", Map.of()));
    }

    @Test
    void aGzipBodyIsInflatedFirst() throws IOException {
        byte[] gzip = gzip(HEX.parseHex(FIXED));
        assertThat(gzip).isNotEqualTo(HEX.parseHex(FIXED));
        assertThat(OtlpTraces.decode(gzip, true)).singleElement()
                .satisfies(s -> assertThat(s.traceId()).isEqualTo(TRACE));
        assertThat(OtlpTraces.decode(HEX.parseHex(FIXED), false)).hasSize(1);
        assertThatThrownBy(() -> OtlpTraces.decode(HEX.parseHex(FIXED), true))
                .isInstanceOf(ProtoReader.MalformedProtobufException.class).hasMessageContaining("gzip");
    }

    @Test
    void anEmptyRequestHasNoSpansAndABrokenOneIsRefused() {
        assertThat(OtlpTraces.decode(new byte[0])).isEmpty();
        byte[] fixed = HEX.parseHex(FIXED);
        // cut in the middle of the span: a length beyond the message
        assertThatThrownBy(() -> OtlpTraces.decode(Arrays.copyOf(fixed, fixed.length - 5)))
                .isInstanceOf(ProtoReader.MalformedProtobufException.class).hasMessageContaining("beyond");
        // field 0 does not exist
        assertThatThrownBy(() -> OtlpTraces.decode(new byte[] { 0x02, 0x00 }))
                .isInstanceOf(ProtoReader.MalformedProtobufException.class).hasMessageContaining("tag");
        // a group (wire type 3) is not in the schema
        assertThatThrownBy(() -> OtlpTraces.decode(new byte[] { 0x1b }))
                .isInstanceOf(ProtoReader.MalformedProtobufException.class).hasMessageContaining("wire type 3");
        // resource_spans sent as a varint
        assertThatThrownBy(() -> OtlpTraces.decode(new byte[] { 0x08, 0x01 }))
                .isInstanceOf(ProtoReader.MalformedProtobufException.class).hasMessageContaining("wire type 0");
        // a varint that never ends
        assertThatThrownBy(() -> OtlpTraces.decode(new byte[] { 0x0a, (byte) 0xff, (byte) 0xff }))
                .isInstanceOf(ProtoReader.MalformedProtobufException.class).hasMessageContaining("varint");
    }

    // --- building requests --------------------------------------------------------------------------------------

    static String hex(String s) {
        return HEX.formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] request(Proto... resourceSpans) {
        Proto request = Proto.message();
        for (Proto r : resourceSpans) {
            request.bytes(1, r.bytes());
        }
        return request.bytes();
    }

    static Proto resourceSpans(String service, Proto... scopeSpans) {
        Proto r = Proto.message().bytes(1, resource(service).bytes());
        for (Proto s : scopeSpans) {
            r.bytes(2, s.bytes());
        }
        return r;
    }

    static Proto resource(String service) {
        return Proto.message().bytes(1, attribute("host.name", string("box")).bytes())
                .bytes(1, attribute("service.name", string(service)).bytes()).varint(2, 0);
    }

    static Proto scopeSpans(String scope, Proto... spans) {
        Proto s = Proto.message().bytes(1, Proto.message().string(1, scope).string(2, "1.0").bytes());
        for (Proto span : spans) {
            s.bytes(2, span.bytes());
        }
        return s;
    }

    static Proto span(String traceId, String spanId, String parentSpanId, String name, int kind, Proto... attributes) {
        Proto span = Proto.message().bytes(1, HEX.parseHex(traceId)).bytes(2, HEX.parseHex(spanId));
        if (!parentSpanId.isEmpty()) {
            span.bytes(4, HEX.parseHex(parentSpanId));
        }
        span.string(5, name).varint(6, kind);
        for (Proto a : attributes) {
            span.bytes(9, a.bytes());
        }
        return span;
    }

    static Proto attribute(String key, Proto anyValue) {
        return Proto.message().string(1, key).bytes(2, anyValue.bytes());
    }

    static Proto string(String value) {
        return Proto.message().string(1, value);
    }

    /** Writes protobuf fields: a tag (field number and wire type) as a varint, then the value. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Proto message() {
            return new Proto();
        }

        Proto varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Proto fixed64(int field, long value) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> 8 * i) & 0xff);
            }
            return this;
        }

        Proto fixed32(int field, int value) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write(value >>> 8 * i & 0xff);
            }
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint((long) field << 3 | wireType);
        }

        private void writeVarint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
