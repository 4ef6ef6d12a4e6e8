package io.suite.resilience.correlation;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.opentelemetry.api.trace.Span;
import io.suite.resilience.tracing.Traces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/** Reads or makes the request's correlation id, puts it in the MDC, and echoes it on the response. */
public class CorrelationIdServerFilter {

    private static final String PROPERTY = CorrelationId.MDC_KEY;

    @ServerRequestFilter(preMatching = true, priority = 10)
    public void onRequest(ContainerRequestContext request) {
        String id = CorrelationId.acceptOrGenerate(request.getHeaderString(CorrelationId.HEADER));
        request.setProperty(PROPERTY, id);
        CorrelationId.bind(id);
        // the request's span carries it too, so a trace is found from a correlation id and back
        Span.current().setAttribute(Traces.CORRELATION_ID, id);
    }

    @ServerResponseFilter
    public void onResponse(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        String value = id != null ? id.toString() : CorrelationId.currentOrNew();
        response.getHeaders().putSingle(CorrelationId.HEADER, value);
    }
}
