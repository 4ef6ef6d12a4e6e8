package io.suite.catalog.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.ItemError;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.domain.Store;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Creators API adapter (PA-API's live successor): the store's token (per credential version: endpoint, body, scope),
 * re-fetched once after a 401, then GetItems with the store's partner tag through the {@code creators} guard and the
 * store's budget. The token fetch rides inside the guarded attempt, so a transient token-endpoint failure is retried
 * like the call itself. A 404 means none of the items exists: they are reported not found, not a failed call.
 */
@ApplicationScoped
@Typed(CreatorsProductSource.class) // only the selected adapter is injected as ProductSource
public class CreatorsProductSource implements ProductSource {

    public static final String NAME = "creators";
    static final String ENDPOINT = "POST /catalog/v1/getItems";

    private final CatalogConfig config;
    private final UpstreamAttempts attempts;
    private final CreatorsRestClient api;
    private final CreatorsTokens tokens;
    private final ObjectMapper json;

    public CreatorsProductSource(CatalogConfig config, UpstreamAttempts attempts, @RestClient CreatorsRestClient api,
            CreatorsTokens tokens, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.attempts = attempts;
        this.api = api;
        this.tokens = tokens;
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
            String body = body(store.requirePartnerTag(marketplace.code()), asins);
            return attempts.<FetchResult> call(NAME, store, ENDPOINT, stats, () -> tokens.token(store)
                    .chain(token -> send(store, token, marketplace, body)
                            .onFailure(UpstreamUnauthorizedException.class).recoverWithUni(refused -> {
                                // TokenExpired / InvalidToken: drop it and fetch once more, no further
                                tokens.invalidate(store, token);
                                return tokens.token(store).chain(fresh -> send(store, fresh, marketplace, body));
                            }))
                    .map(reply -> ItemMapper.parse(json, NAME, reply, asins))
                    .onFailure(CreatorsProductSource::noItemFound).recoverWithItem(e -> allNotFound(asins, (UpstreamException) e)));
        });
    }

    private Uni<String> send(Store store, String token, Marketplace marketplace, String body) {
        return api.getItems(store.version().authorization(token), marketplace.code(), body);
    }

    /** The Creators API answers 404 (ResourceNotFound) when none of the requested items was found. */
    static boolean noItemFound(Throwable e) {
        return e instanceof UpstreamRejectedException r && r.status() == 404;
    }

    private static FetchResult allNotFound(List<String> asins, UpstreamException e) {
        Map<String, ItemError> errors = new LinkedHashMap<>();
        String message = e.upstreamMessage().orElse("no items found");
        asins.forEach(a -> errors.put(a, new ItemError(a, ItemError.RESOURCE_NOT_FOUND, message)));
        return new FetchResult(Map.of(), errors);
    }

    String body(String partnerTag, List<String> asins) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partnerTag", partnerTag);
        body.put("itemIds", asins);
        body.put("resources", config.creators().resources());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
