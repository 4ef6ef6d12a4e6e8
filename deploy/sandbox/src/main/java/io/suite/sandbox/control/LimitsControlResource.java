package io.suite.sandbox.control;

import static io.suite.sandbox.control.ControlReplies.bad;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.suite.sandbox.limits.LimitRule;
import io.suite.sandbox.limits.RateLimiter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Control API: the rate limits of the imitated APIs. */
@Path("/_control/limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitsControlResource {

    @Inject
    RateLimiter limiter;

    public record LimitBody(String spec, List<RuleBody> rules) {
    }

    public record RuleBody(long count, Double windowSeconds) {
    }

    @GET
    public Map<String, Object> limits() {
        Map<String, Object> out = new LinkedHashMap<>();
        limiter.allRules().forEach((k, v) -> out.put(k, describe(v)));
        return out;
    }

    private static List<Map<String, Object>> describe(List<LimitRule> rules) {
        return rules.stream().map(r -> Map.<String, Object> of("count", r.count(), "windowSeconds", r.window().toMillis() / 1000.0))
                .toList();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setLimit(@PathParam("name") String name, LimitBody body) {
        String limit = name.equals("polygon") ? "polygon-free" : name;
        if (!RateLimiter.NAMES.contains(limit)) {
            return bad("unknown limit " + name + "; known: " + RateLimiter.NAMES + " (polygon = polygon-free)");
        }
        if (body == null) {
            return bad(
                    "body {\"spec\":\"5/60s\"} or {\"rules\":[{\"count\":5,\"windowSeconds\":60}]} required; [] or \"unlimited\" for none");
        }
        try {
            List<LimitRule> rules;
            if (body.spec() != null) {
                rules = LimitRule.parseAll(body.spec());
            } else {
                rules = new ArrayList<>();
                for (RuleBody r : body.rules() == null ? List.<RuleBody> of() : body.rules()) {
                    if (r.windowSeconds() == null) {
                        return bad("windowSeconds is required");
                    }
                    rules.add(new LimitRule(r.count(), Duration.ofMillis(Math.round(r.windowSeconds() * 1000))));
                }
            }
            limiter.setRules(limit, rules);
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        return Response.ok(Map.of(limit, describe(limiter.rules(limit)))).build();
    }
}
