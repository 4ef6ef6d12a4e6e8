package io.suite.resilience.upstream;

import java.time.Clock;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * REST-client response mapper: any 4xx/5xx becomes a typed {@link UpstreamException}.
 * Register it on a client interface in one line: {@code @RegisterProvider(UpstreamErrorMapper.class)}.
 */
@ApplicationScoped
public class UpstreamErrorMapper implements ResponseExceptionMapper<UpstreamException> {

    private final UpstreamErrors errors;

    public UpstreamErrorMapper(UpstreamErrors errors) {
        this.errors = errors;
    }

    @Override
    public UpstreamException toThrowable(Response response) {
        return errors.fromResponse(null, response, Clock.systemUTC());
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
