package io.suite.sandbox.traces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} (opentelemetry-proto, collector/trace/v1) in its protobuf wire
 * format into flat {@link ReceivedSpan}s. Only what the sandbox's tests read is decoded:
 *
 * <pre>
 * ExportTraceServiceRequest  resource_spans = 1 (ResourceSpans, repeated)
 * ResourceSpans              resource = 1 (Resource), scope_spans = 2 (ScopeSpans, repeated)
 * Resource                   attributes = 1 (KeyValue, repeated): service.name
 * ScopeSpans                 scope = 1 (InstrumentationScope: name = 1), spans = 2 (Span, repeated)
 * Span                       trace_id = 1, span_id = 2, parent_span_id = 4 (bytes), name = 5, kind = 6 (enum),
 *                            attributes = 9 (KeyValue, repeated)
 * KeyValue                   key = 1, value = 2 (AnyValue)
 * AnyValue                   string_value = 1, bool_value = 2, int_value = 3, double_value = 4 (fixed64),
 *                            array_value = 5, kvlist_value = 6, bytes_value = 7
 * </pre>
 *
 * Every other field is skipped. Attribute values become strings (an array or key-value list is left out).
 */
public final class OtlpTraces {

    private static final HexFormat HEX = HexFormat.of();
    /** Span.SpanKind by number. */
    private static final List<String> KINDS = List.of("UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER");
    /** A gzip body may expand to at most this much: a collector for tests, not for a zip bomb. */
    static final int MAX_INFLATED = 64 * 1024 * 1024;

    private OtlpTraces() {
    }

    /** The spans of a request body as sent, {@code Content-Encoding: gzip} or not. */
    public static List<ReceivedSpan> decode(byte[] body, boolean gzip) {
        return decode(gzip ? gunzip(body) : body);
    }

    /** The spans of an uncompressed {@code ExportTraceServiceRequest}. */
    public static List<ReceivedSpan> decode(byte[] request) {
        List<ReceivedSpan> spans = new ArrayList<>();
        ProtoReader r = new ProtoReader(request);
        while (r.next()) {
            if (r.field() == 1) {
                resourceSpans(r.message(), spans);
            } else {
                r.skip();
            }
        }
        return spans;
    }

    private static void resourceSpans(ProtoReader r, List<ReceivedSpan> out) {
        String service = "";
        List<ProtoReader> scopes = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> service = serviceName(r.message());
                // the resource may come after its spans on the wire: read the spans once it is known
                case 2 -> scopes.add(r.message());
                default -> r.skip();
            }
        }
        for (ProtoReader scope : scopes) {
            scopeSpans(scope, service, out);
        }
    }

    private static String serviceName(ProtoReader resource) {
        String service = "";
        while (resource.next()) {
            if (resource.field() == 1) {
                Map.Entry<String, String> kv = keyValue(resource.message());
                if (kv != null && kv.getKey().equals("service.name")) {
                    service = kv.getValue();
                }
            } else {
                resource.skip();
            }
        }
        return service;
    }

    private static void scopeSpans(ProtoReader r, String service, List<ReceivedSpan> out) {
        String scope = "";
        List<ProtoReader> spans = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> scope = scopeName(r.message());
                case 2 -> spans.add(r.message());
                default -> r.skip();
            }
        }
        for (ProtoReader span : spans) {
            out.add(span(span, service, scope));
        }
    }

    private static String scopeName(ProtoReader r) {
        String name = "";
        while (r.next()) {
            if (r.field() == 1) {
                name = r.string();
            } else {
                r.skip();
            }
        }
        return name;
    }

    private static ReceivedSpan span(ProtoReader r, String service, String scope) {
        String traceId = "";
        String spanId = "";
        String parentSpanId = "";
        String name = "";
        String kind = KINDS.get(0);
        Map<String, String> attributes = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> traceId = HEX.formatHex(r.bytes());
                case 2 -> spanId = HEX.formatHex(r.bytes());
                case 4 -> parentSpanId = HEX.formatHex(r.bytes());
                case 5 -> name = r.string();
                case 6 -> {
                    long k = r.expect(ProtoReader.VARINT).varint();
                    kind = k >= 0 && k < KINDS.size() ? KINDS.get((int) k) : String.valueOf(k);
                }
                case 9 -> {
                    Map.Entry<String, String> kv = keyValue(r.message());
                    if (kv != null) {
                        attributes.put(kv.getKey(), kv.getValue());
                    }
                }
                default -> r.skip();
            }
        }
        return new ReceivedSpan(service, scope, name, kind, traceId, spanId, parentSpanId, attributes);
    }

    /** A KeyValue with a scalar value as a string, or null for an array, a key-value list or no value. */
    private static Map.Entry<String, String> keyValue(ProtoReader r) {
        String key = "";
        String value = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> key = r.string();
                case 2 -> value = anyValue(r.message());
                default -> r.skip();
            }
        }
        return value == null ? null : Map.entry(key, value);
    }

    private static String anyValue(ProtoReader r) {
        String value = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> value = r.string();
                case 2 -> value = String.valueOf(r.expect(ProtoReader.VARINT).varint() != 0);
                case 3 -> value = String.valueOf(r.expect(ProtoReader.VARINT).varint());
                case 4 -> value = String.valueOf(Double.longBitsToDouble(r.expect(ProtoReader.FIXED64).fixed64()));
                case 7 -> value = HEX.formatHex(r.bytes());
                default -> r.skip();
            }
        }
        return value;
    }

    private static byte[] gunzip(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] out = in.readNBytes(MAX_INFLATED + 1);
            if (out.length > MAX_INFLATED) {
                throw new ProtoReader.MalformedProtobufException("gzip body inflates beyond " + MAX_INFLATED + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new ProtoReader.MalformedProtobufException("not a gzip body: " + e.getMessage());
        }
    }
}
