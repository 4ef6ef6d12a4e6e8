package io.suite.sandbox.control;

import java.util.List;
import java.util.function.Predicate;

import io.suite.sandbox.traces.ReceivedSpan;
import io.suite.sandbox.traces.ReceivedSpans;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Control API: the spans the services exported to the sandbox's OTLP receiver ({@code POST /v1/traces}), oldest first.
 * {@code trace_id} gives one trace; {@code correlation_id} every span of the traces one of whose spans carries that
 * {@code suite.correlation_id}; {@code service} and {@code name} narrow either (or all spans kept).
 */
@Path("/_control/traces")
@Produces(MediaType.APPLICATION_JSON)
public class TracesControlResource {

    @Inject
    ReceivedSpans spans;

    @GET
    public List<ReceivedSpan> traces(@QueryParam("trace_id") String traceId, @QueryParam("correlation_id") String correlationId,
            @QueryParam("service") String service, @QueryParam("name") String name) {
        Predicate<ReceivedSpan> filter = s -> true;
        if (traceId != null) {
            filter = filter.and(s -> s.traceId().equalsIgnoreCase(traceId));
        }
        if (service != null) {
            filter = filter.and(s -> s.service().equals(service));
        }
        if (name != null) {
            filter = filter.and(s -> s.name().equals(name));
        }
        if (correlationId != null) {
            return spans.ofCorrelationId(correlationId).stream().filter(filter).toList();
        }
        return spans.matching(filter);
    }

    @DELETE
    public Response clear() {
        spans.clear();
        return Response.noContent().build();
    }
}
