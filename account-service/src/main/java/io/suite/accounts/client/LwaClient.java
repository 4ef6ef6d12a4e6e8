package io.suite.accounts.client;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.UpstreamRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * LWA grants through the {@code lwa} guard (retry with backoff on 429/5xx/network only). {@code invalid_grant} is a
 * 4xx: the guard never retries it, and it surfaces here as {@link ReauthorizationRequiredException}.
 */
@ApplicationScoped
public class LwaClient {

    static final String ENDPOINT = "POST /auth/o2/token";

    private final LwaApi api;
    private final UpstreamGuard guard;
    private final AccountsConfig config;

    public LwaClient(@RestClient LwaApi api, UpstreamGuards guards, AccountsConfig config) {
        this.api = api;
        this.guard = guards.get("lwa");
        this.config = config;
    }

    /** The authorization-code grant, with the PKCE verifier of the flow that asked for the code. */
    public Uni<LwaTokenReply> exchangeCode(String code, String codeVerifier, String subject) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", config.lwa().redirectUri());
        form.add("code_verifier", codeVerifier);
        return call(form, subject);
    }

    public Uni<LwaTokenReply> refresh(String refreshToken, String subject) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        return call(form, subject);
    }

    private Uni<LwaTokenReply> call(MultivaluedMap<String, String> form, String subject) {
        form.add("client_id", config.lwa().clientId());
        form.add("client_secret", config.lwa().clientSecret());
        return guard.<LwaTokenReply> call(ENDPOINT, subject, () -> api.token(form))
                .onFailure(UpstreamRejectedException.class).transform(LwaClient::translate);
    }

    private static Throwable translate(Throwable failure) {
        UpstreamRejectedException e = (UpstreamRejectedException) failure;
        if ("invalid_grant".equals(e.code().orElse(null))) {
            return new ReauthorizationRequiredException("LWA answered invalid_grant: the user must connect again");
        }
        return e;
    }
}
