package io.suite.resilience.tracing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.suite.resilience.correlation.CorrelationId;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Spans around reactive work, the one way the suite makes its own spans (Quarkus makes those of inbound requests,
 * REST-client calls and SQL statements).
 * <p>
 * A Mutiny pipeline runs later than it is assembled, often on another thread, so making a span current while the
 * {@code Uni} is built is not enough: {@link #inSpan} subscribes the work while its span is current, so every call
 * the work starts on subscription (a REST-client request, a SQL statement, a nested span) becomes the span's child.
 * {@link #newTrace} starts background work (a refresh batch, a token refresh, a sync run) as a trace of its own, on a
 * Vert.x context of its own that keeps the root span current for the whole run.
 */
@ApplicationScoped
public class Traces {

    public static final String INSTRUMENTATION = "io.suite.resilience";
    /** The suite's correlation id on every span it starts, so a trace is found from a log line and back. */
    public static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("suite.correlation_id");
    /** HTTP client attributes as OpenTelemetry's semantic conventions name them. */
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Vertx vertx;

    public Traces(OpenTelemetry openTelemetry, Vertx vertx) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.vertx = vertx;
    }

    /**
     * Runs {@code work} in a span named {@code name}, a child of the context current at subscription; {@code work} sets
     * its attributes. The span ends when the work ends,
     * fails (status ERROR with the failure's class) or is cancelled.
     */
    public <T> Uni<T> inSpan(String name, Function<Span, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> start(Context.current(), name, SpanKind.INTERNAL, work));
    }

    /**
     * A CLIENT span around an HTTP request sent without a REST client (those Quarkus traces itself), e.g. a SigV4-signed
     * one: {@code send} gets the span, to record {@code http.response.status_code}, and the W3C headers
     * ({@code traceparent}, {@code tracestate}) to add to the request so that the upstream joins the trace.
     */
    public <T> Uni<T> httpClientCall(String method, URI url, BiFunction<Span, Map<String, String>, Uni<T>> send) {
        return Uni.createFrom().deferred(() -> start(Context.current(), method, SpanKind.CLIENT, span -> {
            span.setAttribute(HTTP_METHOD, method);
            span.setAttribute(SERVER_ADDRESS, url.getHost());
            span.setAttribute(URL_FULL, url.getScheme() + "://" + url.getAuthority() + url.getPath());
            Map<String, String> headers = new LinkedHashMap<>();
            propagator.inject(Context.current(), headers, (carrier, key, value) -> carrier.put(key, value));
            return send.apply(span, headers);
        }));
    }

    /**
     * As {@link #inSpan(String, Function)} under an explicit parent: for work that runs later, on whatever context a
     * timer or callback gives it (a retry after its backoff), and must still join the span that waits for it. Inside
     * {@code work}, {@link Context#current()} is the new span's context.
     */
    public <T> Uni<T> inSpan(Context parent, String name, Function<Span, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> start(parent, name, SpanKind.INTERNAL, work));
    }

    private <T> Uni<T> start(Context parent, String name, SpanKind kind, Function<Span, Uni<T>> work) {
        Span span = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
        CorrelationId.current().ifPresent(id -> span.setAttribute(CORRELATION_ID, id));
        return subscribedIn(parent.with(span), () -> work.apply(span))
                .onItemOrFailure().invoke((item, failure) -> end(span, failure))
                .onCancellation().invoke(() -> {
                    span.setAttribute("suite.cancelled", true);
                    span.end();
                });
    }

    /**
     * Runs background work as a trace of its own, rooted at a span named {@code name}, on a new duplicated Vert.x context
     * (flagged safe for Hibernate Reactive): everything the run does, at any stage, has the root span as its parent. The
     * run gets a correlation id of its own (or {@code correlationId}, e.g. that of the request which started it); a run
     * started within a traced request links to the request's span.
     */
    public <T> Uni<T> newTrace(String name, String correlationId, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            // work started by a request (a sync run) links back to the request's span
            SpanContext startedBy = Span.current().getSpanContext();
            io.vertx.core.Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                String id = correlationId != null ? correlationId : CorrelationId.generate();
                CorrelationId.bind(id);
                SpanBuilder builder = tracer.spanBuilder(name).setNoParent().setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(CORRELATION_ID, id);
                if (startedBy.isValid()) {
                    builder.addLink(startedBy);
                }
                Span root = builder.startSpan();
                // this context lives for this run only: the root stays current until it is dropped with it
                @SuppressWarnings("unused")
                Scope current = Context.root().with(root).makeCurrent();
                Uni<T> run;
                try {
                    run = work.get();
                } catch (RuntimeException e) {
                    end(root, e);
                    emitter.fail(e);
                    return;
                }
                Cancellable subscription = run.subscribe().with(emitter.context(), item -> {
                    end(root, null);
                    emitter.complete(item);
                }, failure -> {
                    end(root, failure);
                    emitter.fail(failure);
                });
                emitter.onTermination(subscription::cancel);
            });
        });
    }

    /** Subscribes {@code work} while {@code context} is current, so the calls it starts on subscription are its children. */
    static <T> Uni<T> subscribedIn(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Cancellable subscription;
            try (Scope ignored = context.makeCurrent()) {
                // the subscriber's Mutiny context goes along (it carries the fair-share subject, budget/Subjects)
                subscription = work.get().subscribe().with(emitter.context(), emitter::complete, emitter::fail);
            }
            emitter.onTermination(subscription::cancel);
        });
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.setAttribute("exception.type", failure.getClass().getName());
        }
        span.end();
    }
}
