package io.suite.resilience.correlation;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Sends the current correlation id on every outbound REST-client call (a global provider: no registration needed). */
@Provider
public class CorrelationIdClientFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        if (!request.getHeaders().containsKey(CorrelationId.HEADER)) {
            CorrelationId.current().ifPresent(id -> request.getHeaders().putSingle(CorrelationId.HEADER, id));
        }
    }
}
