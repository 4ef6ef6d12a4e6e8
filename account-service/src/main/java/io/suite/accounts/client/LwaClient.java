package io.suite.accounts.client;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.LwaClientRejectedException;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.UpstreamRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * LWA grants through the {@code lwa} guard (retry with backoff on 429/5xx/network only). {@code invalid_grant} is a
 * 4xx: the guard never retries it, and it surfaces here as {@link ReauthorizationRequiredException}. {@code
 * invalid_client} / {@code unauthorized_client} (our own client id or secret refused) surface as
 * {@link LwaClientRejectedException} and are recorded in {@link LwaClientStatus}.
 */
@ApplicationScoped
public class LwaClient {

    static final String ENDPOINT = "POST /auth/o2/token";

    private final LwaApi api;
    private final UpstreamGuard guard;
    private final AccountsConfig config;
    private final LwaClientStatus status;

    public LwaClient(@RestClient LwaApi api, UpstreamGuards guards, AccountsConfig config, LwaClientStatus status) {
        this.api = api;
        this.guard = guards.get("lwa");
        this.config = config;
        this.status = status;
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
                .invoke(status::accepted)
                .onFailure(UpstreamRejectedException.class).transform(this::translate);
    }

    private Throwable translate(Throwable failure) {
        UpstreamRejectedException e = (UpstreamRejectedException) failure;
        String code = e.code().orElse(null);
        if ("invalid_grant".equals(code)) {
            return new ReauthorizationRequiredException("LWA answered invalid_grant: the user must connect again");
        }
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            String reason = code + e.upstreamMessage().map(m -> ": " + m).orElse("");
            status.rejected(reason);
            return new LwaClientRejectedException(reason);
        }
        return e;
    }
}
