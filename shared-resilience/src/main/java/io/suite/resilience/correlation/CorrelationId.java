package io.suite.resilience.correlation;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

/**
 * The correlation id of the current request. Quarkus keeps the MDC on the request's duplicated Vert.x context, so it
 * follows the request across reactive hops and appears in every JSON log line as {@code mdc.correlationId}.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-ID";
    public static final String MDC_KEY = "correlationId";

    /** Accepted from callers as is; anything else is replaced, so a header cannot inject into our logs. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private CorrelationId() {
    }

    public static Optional<String> current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /** The current id, or a new one bound to the current context (background jobs start here). */
    public static String currentOrNew() {
        return current().orElseGet(() -> {
            String id = generate();
            bind(id);
            return id;
        });
    }

    public static void bind(String id) {
        MDC.put(MDC_KEY, id);
    }

    public static void clear() {
        MDC.remove(MDC_KEY);
    }

    public static String acceptOrGenerate(String incoming) {
        return incoming != null && SAFE.matcher(incoming).matches() ? incoming : generate();
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
