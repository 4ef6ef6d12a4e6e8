package io.suite.sandbox.traces;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One span as the sandbox received it over OTLP: the sender's {@code service.name}, the instrumentation scope, ids in
 * lower-case hex ({@code parent_span_id} empty for a root span), the kind ({@code SERVER}, {@code CLIENT},
 * {@code INTERNAL}, ...) and the scalar attributes as strings.
 */
@JsonPropertyOrder({ "service", "scope", "name", "kind", "trace_id", "span_id", "parent_span_id", "attributes" })
public record ReceivedSpan(
        String service,
        String scope,
        String name,
        String kind,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("span_id") String spanId,
        @JsonProperty("parent_span_id") String parentSpanId,
        Map<String, String> attributes) {

    public ReceivedSpan {
        attributes = Map.copyOf(attributes);
    }
}
