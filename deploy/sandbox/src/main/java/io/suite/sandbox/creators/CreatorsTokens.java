package io.suite.sandbox.creators;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.data.AssociateStores;
import io.suite.sandbox.support.Ids;
import io.suite.sandbox.support.SandboxClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Creators API access tokens: 2.x credentials get a Cognito-style JWT from
 * {@code /cognito/{region}/oauth2/token}, 3.x credentials an {@code Atc|} token from LWA (JSON body).
 * Lifetime {@code sandbox.creators.token-ttl}.
 */
@ApplicationScoped
public class CreatorsTokens {

    public record Grant(String credentialId, String region, String version, Instant expiresAt) {
        public boolean isV2() {
            return version.startsWith("2.");
        }
    }

    private final SandboxConfig config;
    private final SandboxClock clock;
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();

    @Inject
    public CreatorsTokens(SandboxConfig config, SandboxClock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void reset() {
        tokens.clear();
    }

    public long ttlSeconds() {
        return config.creators().tokenTtl().toSeconds();
    }

    /** A Cognito-looking access token (a JWT whose signature is random). */
    public String issueCognito(AssociateStores.Store store, String region) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = clock.instant().getEpochSecond();
        String header = b64.encodeToString(("{\"kid\":\"sandbox\",\"alg\":\"RS256\"}").getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"sub\":\"" + Ids.uuid() + "\",\"token_use\":\"access\",\"scope\":\"creatorsapi/default\","
                + "\"auth_time\":" + now + ",\"iss\":\"https://cognito-idp." + region + ".amazonaws.com/sandbox\",\"exp\":"
                + (now + ttlSeconds()) + ",\"iat\":" + now + ",\"jti\":\"" + Ids.uuid() + "\",\"client_id\":\"sandbox\"}")
                .getBytes(StandardCharsets.UTF_8));
        String token = header + "." + payload + "." + Ids.alnum(342);
        tokens.put(token, new Grant(store.creatorsId(), store.region(), store.version(false), clock.instant().plusSeconds(ttlSeconds())));
        return token;
    }

    public String issueLwa(AssociateStores.Store store) {
        String token = "Atc|MQEB" + Ids.alnum(400);
        tokens.put(token, new Grant(store.creatorsId(), store.region(), store.version(true), clock.instant().plusSeconds(ttlSeconds())));
        return token;
    }

    public Grant find(String token) {
        return token == null ? null : tokens.get(token);
    }

    public boolean expired(Grant g) {
        return !clock.instant().isBefore(g.expiresAt());
    }
}
