package io.suite.resilience.tracing;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.suite.resilience.upstream.Redaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps secrets out of traces as {@link Redaction} keeps them out of logs: a URL's query is recorded on every server
 * and client span ({@code url.query}, {@code url.full}), and some carry one-time secrets, above all the LWA callback's
 * {@code code} and {@code state}. The value of every sensitive parameter is masked when the span starts, before any
 * exporter can see it (Quarkus adds every {@link SpanProcessor} bean to the tracer provider).
 */
@ApplicationScoped
public class SpanRedaction implements SpanProcessor {

    static final String MASK = "***";
    private static final Set<AttributeKey<String>> URL_ATTRIBUTES = Set.of(AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("url.full"), AttributeKey.stringKey("http.url"), AttributeKey.stringKey("http.target"));
    /** Parameters whose values are credentials, grants or one-time secrets (OAuth, LWA, AWS pre-signing, API keys). */
    private static final Set<String> SENSITIVE = Set.of("code", "state", "access_token", "refresh_token", "id_token",
            "client_secret", "apikey", "api_key", "key", "password", "secret", "token", "x-amz-signature",
            "x-amz-credential", "x-amz-security-token");
    private static final Pattern PARAMETER = Pattern.compile("([?&;]|^)([^=&;#?]+)=([^&;#]*)");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : URL_ATTRIBUTES) {
            String value = span.getAttribute(key);
            if (value != null) {
                String masked = mask(value);
                if (!masked.equals(value)) {
                    span.setAttribute(key, masked);
                }
            }
        }
    }

    /** The URL or query with each sensitive parameter's value masked, then whatever else {@link Redaction} masks. */
    static String mask(String urlOrQuery) {
        Matcher m = PARAMETER.matcher(urlOrQuery);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            boolean sensitive = SENSITIVE.contains(name.toLowerCase(Locale.ROOT));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + name + "=" + (sensitive ? MASK : m.group(3))));
        }
        m.appendTail(out);
        return Redaction.redact(out.toString());
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
