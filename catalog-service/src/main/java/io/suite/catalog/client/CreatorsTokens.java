package io.suite.catalog.client;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.domain.CredentialVersion;
import io.suite.catalog.domain.Store;
import io.suite.resilience.coalesce.SingleFlight;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Creators API access tokens, one per store's credential: fetched from the endpoint the credential version names
 * (Cognito form body or Login with Amazon JSON body), kept until {@code catalog.creators.token-expiry-margin} (30 s)
 * before {@code expires_in} (3600 s when absent), and fetched once per instance however many calls need it at once.
 */
@ApplicationScoped
public class CreatorsTokens {

    static final long DEFAULT_EXPIRES_IN = 3600;
    private static final String GRANT = "client_credentials";

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[***, refreshAt=" + refreshAt + "]";
        }
    }

    private final CatalogConfig config;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final SingleFlight<String, Token> fetches = new SingleFlight<>();
    private final Map<URI, CreatorsTokenRestClient> clients = new ConcurrentHashMap<>();

    public CreatorsTokens(CatalogConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A valid token of the store's credential, from the cache or one shared fetch. */
    public Uni<String> token(Store store) {
        return Uni.createFrom().deferred(() -> {
            Token t = tokens.get(key(store));
            if (t != null && clock.instant().isBefore(t.refreshAt())) {
                return Uni.createFrom().item(t.value());
            }
            return fetches.run(key(store), () -> fetch(store)).map(Token::value);
        });
    }

    /** Drops {@code refused} if it is still the store's cached token (a concurrent caller may have replaced it). */
    public void invalidate(Store store, String refused) {
        tokens.computeIfPresent(key(store), (k, t) -> t.value().equals(refused) ? null : t);
    }

    /** Drops every cached token, e.g. after rotating credentials. */
    public void forgetAll() {
        tokens.clear();
    }

    private Uni<Token> fetch(Store store) {
        CredentialVersion version = store.version();
        CreatorsTokenRestClient client = clients.computeIfAbsent(store.creatorsTokenUrl(), this::client);
        Uni<TokenReply> reply = version.lwa()
                ? client.lwa(new CreatorsTokenRestClient.LwaTokenRequest(GRANT, store.credentialId(), store.credentialSecret(),
                        version.scope()))
                : client.cognito(GRANT, store.credentialId(), store.credentialSecret(), version.scope());
        return reply.map(r -> {
            if (r == null || r.accessToken() == null || r.accessToken().isBlank()) {
                throw new IllegalStateException("the token endpoint of store " + store.id() + " answered without an access_token");
            }
            long expiresIn = r.expiresIn() == null || r.expiresIn() <= 0 ? DEFAULT_EXPIRES_IN : r.expiresIn();
            Token token = new Token(r.accessToken(),
                    clock.instant().plusSeconds(expiresIn).minus(config.creators().tokenExpiryMargin()));
            tokens.put(key(store), token);
            return token;
        });
    }

    private CreatorsTokenRestClient client(URI tokenUrl) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(tokenUrl)
                .connectTimeout(config.creators().tokenConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.creators().tokenReadTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(CreatorsTokenRestClient.class);
    }

    /** One token per credential at one endpoint. */
    private static String key(Store store) {
        return store.creatorsTokenUrl() + "|" + store.credentialId() + "|" + store.version();
    }
}
