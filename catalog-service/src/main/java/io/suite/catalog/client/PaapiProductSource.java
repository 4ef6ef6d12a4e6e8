package io.suite.catalog.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.domain.Store;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.tracing.Traces;
import io.suite.resilience.upstream.UpstreamErrors;
import io.suite.resilience.upstream.UpstreamException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * PA-API 5.0 adapter: GetItems SigV4-signed with the store's keys (per marketplace host and region), the store's partner
 * tag for the marketplace, through the {@code paapi} guard (retry → breaker → the store's shared budget → timeout).
 */
@ApplicationScoped
@Typed(PaapiProductSource.class) // only the selected adapter is injected as ProductSource
public class PaapiProductSource implements ProductSource {

    public static final String NAME = "paapi";

    private final CatalogConfig config;
    private final Clock clock;
    private final UpstreamAttempts attempts;
    private final PaapiSigner signer = new PaapiSigner();
    private final Vertx vertx;
    private volatile HttpClient http;
    /** The managed mapper: floats read as BigDecimal, so prices stay exact (SuiteJson). */
    private final ObjectMapper json;
    private final UpstreamErrors errors;
    private final Traces traces;

    public PaapiProductSource(CatalogConfig config, Clock clock, UpstreamAttempts attempts, Vertx vertx, ObjectMapper json,
            UpstreamErrors errors, Traces traces) {
        this.vertx = vertx;
        this.traces = traces;
        this.json = json;
        this.errors = errors;
        this.config = config;
        this.clock = clock;
        this.attempts = attempts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CircuitBreakerState breakerState() {
        return attempts.breakerState(NAME);
    }

    @Override
    public Uni<FetchResult> getItems(Store store, Marketplace marketplace, List<String> asins, CallStats stats) {
        return Uni.createFrom().deferred(() -> {
            byte[] body = body(store.requirePartnerTag(marketplace.code()), marketplace, asins);
            URI base = base(marketplace);
            URI url = base.resolve(PaapiSigner.PATH);
            // signed per attempt: a retry carries a fresh X-Amz-Date
            return attempts.<String> call(NAME, store, "POST " + PaapiSigner.PATH, stats, () -> send(url,
                    signer.sign(url, marketplace.paapiRegion(), body, store.accessKey(), store.secretKey(), clock), body))
                    .map(reply -> ItemMapper.parse(json, NAME, reply, asins));
        });
    }

    /** The GetItems body, serialised once: these bytes are both signed and sent. */
    byte[] body(String partnerTag, Marketplace marketplace, List<String> asins) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ItemIds", asins);
        body.put("ItemIdType", "ASIN");
        body.put("PartnerTag", partnerTag);
        body.put("PartnerType", "Associates");
        body.put("Marketplace", marketplace.code());
        body.put("Resources", config.paapi().resources());
        try {
            return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    URI base(Marketplace marketplace) {
        return config.paapi().endpoint().orElseGet(() -> URI.create("https://" + marketplace.paapiHost()));
    }

    /**
     * Sends the signed request as is. Vert.x's HTTP client rather than a REST client: SigV4 signs the exact
     * Content-Type value and body bytes, and the REST client re-serialises Content-Type ({@code charset=UTF-8}),
     * which would break the signature. Errors become the same typed UpstreamExceptions the REST-client mapper makes.
     */
    private Uni<String> send(URI url, Map<String, String> signed, byte[] body) {
        // the trace headers are not signed: SigV4 signs only the headers it lists (SignedHeaders)
        return traces.httpClientCall("POST", url, (span, traceHeaders) -> send(url, signed, traceHeaders, body)
                .invoke(answer -> span.setAttribute(Traces.HTTP_STATUS, (long) answer.statusCode()))
                .onFailure(UpstreamException.class)
                .invoke(e -> span.setAttribute(Traces.HTTP_STATUS, (long) ((UpstreamException) e).status()))
                .map(Answer::body));
    }

    private record Answer(int statusCode, String body) {
    }

    private Uni<Answer> send(URI url, Map<String, String> signed, Map<String, String> traceHeaders, byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                .setTimeout(config.paapi().readTimeout().toMillis());
        signed.forEach((name, value) -> {
            if (!"host".equals(name)) { // Vert.x writes Host from the URL, exactly as it was signed
                options.putHeader(name, value);
            }
        });
        options.putHeader("accept", "application/json");
        traceHeaders.forEach(options::putHeader);
        CorrelationId.current().ifPresent(id -> options.putHeader(CorrelationId.HEADER, id));
        return http().request(options)
                .chain(request -> request.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    if (response.statusCode() >= 400) {
                        throw errors.fromResponse(NAME, response.statusCode(), text, response.getHeader("Retry-After"), clock);
                    }
                    return new Answer(response.statusCode(), text);
                }));
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) config.paapi().connectTimeout().toMillis())
                            .setKeepAlive(true).setMaxPoolSize(8));
                }
                client = http;
            }
        }
        return client;
    }
}
