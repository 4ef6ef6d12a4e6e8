package io.suite.sandbox.control;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.smallrye.mutiny.Uni;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.Ids;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

/**
 * Runs before every imitated API call: counts it (per API and endpoint template, and requests per
 * second), then applies the faults set through {@code /_control/faults/{api}}.
 */
public class ApiFilter {

    @Inject
    Counters counters;

    @Inject
    Faults faults;

    private final Map<Method, String> templates = new ConcurrentHashMap<>();

    /** The API a path belongs to, or null for the control API, health and other local paths. */
    public static String apiOf(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.startsWith("/lwa/")) {
            return "lwa";
        }
        if (p.startsWith("/ads/")) {
            return "ads";
        }
        if (p.startsWith("/polygon/")) {
            return "polygon";
        }
        if (p.startsWith("/paapi5/")) {
            return "paapi";
        }
        if (p.startsWith("/catalog/") || p.startsWith("/cognito/")) {
            return "creators";
        }
        return null;
    }

    @ServerRequestFilter
    public Uni<Response> beforeCall(ContainerRequestContext ctx, ResourceInfo resourceInfo) {
        String api = apiOf(ctx.getUriInfo().getPath());
        if (api == null) {
            return null;
        }
        counters.call(api, ctx.getMethod() + " " + template(resourceInfo, ctx));
        Faults.Decision d = faults.decide(api);
        Response fault = switch (d.kind()) {
            case NONE -> null;
            case THROTTLE -> ApiErrors.throttled(api, 1);
            case OUTAGE, ERROR -> ApiErrors.serverError(api, d.status());
        };
        if (fault != null) {
            counters.fault(api);
            if (d.kind() == Faults.Kind.THROTTLE) {
                counters.throttled(api);
            }
        }
        if (d.delayMillis() <= 0) {
            return fault == null ? null : Uni.createFrom().item(fault);
        }
        Uni<Response> u = fault == null ? Uni.createFrom().nullItem() : Uni.createFrom().item(fault);
        return u.onItem().delayIt().by(Duration.ofMillis(d.delayMillis()));
    }

    @ServerResponseFilter
    public void afterCall(ContainerRequestContext req, ContainerResponseContext resp) {
        String api = apiOf(req.getUriInfo().getPath());
        if ("ads".equals(api) || "creators".equals(api)) {
            if (!resp.getHeaders().containsKey("x-amzn-RequestId")) {
                resp.getHeaders().putSingle("x-amzn-RequestId", Ids.uuid());
            }
            resp.getHeaders().putSingle("x-amz-rid", Ids.amzRid());
        } else if ("paapi".equals(api)) {
            if (!resp.getHeaders().containsKey("X-Amzn-Requestid")) {
                resp.getHeaders().putSingle("X-Amzn-Requestid", Ids.uuid());
            }
            resp.getHeaders().putSingle("X-Amz-Rid", Ids.amzRid());
        }
    }

    private String template(ResourceInfo info, ContainerRequestContext ctx) {
        Method m = info == null ? null : info.getResourceMethod();
        if (m == null) {
            return ctx.getUriInfo().getPath();
        }
        return templates.computeIfAbsent(m, method -> {
            Path cp = info.getResourceClass().getAnnotation(Path.class);
            Path mp = method.getAnnotation(Path.class);
            String s = (cp == null ? "" : cp.value()) + (mp == null ? "" : (mp.value().startsWith("/") ? "" : "/") + mp.value());
            return s.replaceAll("//+", "/");
        });
    }
}
