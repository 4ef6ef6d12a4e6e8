package io.suite.resilience.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.suite.resilience.config.SecurityConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Browser hardening headers on every response of the service's HTTP port (issue 15 item 13): the dashboard's pages,
 * fragments, assets and error pages, the JSON API alike, whatever wrote the response (JAX-RS, static files, the
 * authentication failure handler). A Vert.x filter rather than a JAX-RS one for that reason. Each header is only added
 * when the response has not set it, so a page that needs another policy can say so.
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff}: a JSON or text answer is never run as a script or page.</li>
 * <li>{@code Referrer-Policy}: URLs (the OAuth callback's code and state) do not leak to other sites.</li>
 * <li>{@code X-Frame-Options: DENY}, and {@code frame-ancestors 'none'} in the CSP: no clickjacking frame.</li>
 * <li>For HTML only, {@code Content-Security-Policy}: scripts, styles and forms from this origin only, no inline
 * script, no plugins, no {@code <base>}. The dashboard keeps its script and styles in files for this.</li>
 * </ul>
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Early among the filters, so that responses written by later handlers (authentication failures) carry it too. */
    static final int PRIORITY = 10_000;

    private final boolean enabled;
    private final String contentSecurityPolicy;
    private final String referrerPolicy;

    public SecurityHeaders(SecurityConfig config) {
        this.enabled = config.headers().enabled();
        this.contentSecurityPolicy = config.headers().contentSecurityPolicy();
        this.referrerPolicy = config.headers().referrerPolicy();
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::addOnResponse, PRIORITY);
        }
    }

    private void addOnResponse(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> apply(rc.response().headers()));
        rc.next();
    }

    /** Adds the headers a response lacks; the CSP only to HTML, the one kind of answer a browser renders as a page. */
    void apply(MultiMap headers) {
        setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
        setIfAbsent(headers, "Referrer-Policy", referrerPolicy);
        setIfAbsent(headers, "X-Frame-Options", "DENY");
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.regionMatches(true, 0, "text/html", 0, 9)) {
            setIfAbsent(headers, "Content-Security-Policy", contentSecurityPolicy);
        }
    }

    private static void setIfAbsent(MultiMap headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }
}
