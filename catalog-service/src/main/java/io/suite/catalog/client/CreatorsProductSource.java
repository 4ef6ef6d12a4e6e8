package io.suite.catalog.client;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.service.CatalogMetrics;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.UpstreamUnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Creators API adapter (PA-API's live successor): client-credentials token, cached and re-fetched once after a 401,
 * then GetItems with offersV2 through the {@code creators} guard. The token fetch rides inside the guarded attempt,
 * so a transient token-endpoint failure is retried like the call itself.
 */
@ApplicationScoped
@Typed(CreatorsProductSource.class) // only the selected adapter is injected as ProductSource
public class CreatorsProductSource implements ProductSource {

    public static final String NAME = "creators";
    static final String SCOPE_V2 = "creatorsapi/default";

    private final UpstreamGuards guards;
    private final CatalogConfig config;
    private final CatalogMetrics metrics;
    private final CreatorsRestClient api;
    private final CreatorsTokenCache tokens;

    public CreatorsProductSource(UpstreamGuards guards, CatalogConfig config, Clock clock, CatalogMetrics metrics,
            @RestClient CreatorsRestClient api, @RestClient CreatorsTokenRestClient tokenApi) {
        this.guards = guards;
        this.config = config;
        this.metrics = metrics;
        this.api = api;
        this.tokens = new CreatorsTokenCache(clock, config.creators().tokenExpiryMargin(),
                () -> tokenApi.token("client_credentials", config.creators().credentialId().orElseThrow(),
                        config.creators().credentialSecret().orElseThrow(), SCOPE_V2));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CircuitBreakerState breakerState() {
        return guards.get(NAME).breakerState();
    }

    public void checkConfigured() {
        require(config.creators().credentialId(), "catalog.creators.credential-id (CATALOG_CREATORS_CREDENTIAL_ID)");
        require(config.creators().credentialSecret(), "catalog.creators.credential-secret (CATALOG_CREATORS_CREDENTIAL_SECRET)");
        require(config.creators().partnerTag(), "catalog.creators.partner-tag (CATALOG_CREATORS_PARTNER_TAG)");
        if (!config.creators().credentialVersion().startsWith("2.")) {
            // TODO: 3.x credentials (LWA token endpoint, JSON body, scope creatorsapi::default) are not wired yet
            throw new IllegalStateException("catalog.creators.credential-version " + config.creators().credentialVersion()
                    + " is not supported yet: use a 2.x credential");
        }
    }

    /** Drops the cached token, e.g. after rotating the credential; the next call fetches a new one. */
    public void forgetToken() {
        tokens.forget();
    }

    /** Token fetches so far (tests, metrics). */
    int tokenFetches() {
        return tokens.fetches();
    }

    @Override
    public Uni<FetchResult> getItems(Marketplace marketplace, List<String> asins, CallStats stats) {
        return Uni.createFrom().deferred(() -> {
            checkConfigured();
            String body = body(asins);
            return guards.get(NAME).<String>call("POST /catalog/v1/getItems", null, () -> {
                stats.attempt();
                long started = System.nanoTime();
                return tokens.token().chain(token -> send(token, marketplace, body)
                        .onFailure(UpstreamUnauthorizedException.class).recoverWithUni(refused -> {
                            // TokenExpired / InvalidToken: drop it and fetch once more, no further
                            tokens.invalidate(token);
                            return tokens.token().chain(fresh -> send(fresh, marketplace, body));
                        }))
                        .onTermination().invoke(() -> metrics.upstreamLatency(NAME, System.nanoTime() - started));
            }).map(reply -> ItemMapper.parse(PaapiProductSource.JSON, NAME, reply, asins));
        });
    }

    private Uni<String> send(String token, Marketplace marketplace, String body) {
        return api.getItems("Bearer " + token + ", Version " + config.creators().credentialVersion(), marketplace.code(), body);
    }

    String body(List<String> asins) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partnerTag", config.creators().partnerTag().orElseThrow());
        body.put("itemIds", asins);
        body.put("resources", config.creators().resources());
        try {
            return PaapiProductSource.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(java.util.Optional<String> value, String name) {
        if (value.isEmpty() || value.get().isBlank()) {
            throw new IllegalStateException("catalog.source=creators needs " + name + "; it is not set");
        }
    }
}
