package io.suite.sandbox.traces;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An OTLP/HTTP trace receiver, so test runs can point the services' exporters at the sandbox
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:8090}, protocol {@code http/protobuf}) and read what they
 * sent through {@code /_control/traces}. Binary protobuf only, plain or gzip; the answer is an empty
 * {@code ExportTraceServiceResponse} (every span accepted), a 400 for a body that is not one, a 415 for OTLP/JSON.
 */
@Path("/v1/traces")
public class OtlpTraceReceiver {

    static final String PROTOBUF = "application/x-protobuf";
    private static final Logger LOG = Logger.getLogger(OtlpTraceReceiver.class);

    @Inject
    ReceivedSpans spans;

    @POST
    @Consumes(PROTOBUF)
    public Response export(byte[] body, @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            return Response.status(415).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "unsupported Content-Encoding " + encoding + " (gzip or none)")).build();
        }
        List<ReceivedSpan> received;
        try {
            received = OtlpTraces.decode(body == null ? new byte[0] : body, gzip);
        } catch (ProtoReader.MalformedProtobufException e) {
            LOG.debugf("refused an OTLP export: %s", e.getMessage());
            return Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "not an ExportTraceServiceRequest: " + e.getMessage())).build();
        }
        spans.addAll(received);
        // an empty ExportTraceServiceResponse: no partial_success, so everything was accepted
        return Response.ok(new byte[0], PROTOBUF).build();
    }
}
