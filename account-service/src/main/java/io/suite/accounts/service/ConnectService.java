package io.suite.accounts.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.client.LwaClient;
import io.suite.accounts.config.AccountsConfig;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Connecting an Amazon account: a redirect to LWA's consent page carrying a signed, expiring {@code state} that names
 * the user (the callback arrives from the browser without our bearer token), then the code exchange.
 */
@ApplicationScoped
public class ConnectService {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();
    private final AccountsConfig config;
    private final TokenCipher cipher;
    private final LwaClient lwa;
    private final TokenService tokens;
    private final Clock clock;

    public ConnectService(AccountsConfig config, TokenCipher cipher, LwaClient lwa, TokenService tokens, Clock clock) {
        this.config = config;
        this.cipher = cipher;
        this.lwa = lwa;
        this.tokens = tokens;
        this.clock = clock;
    }

    public URI authorizeUrl(UUID user) {
        String state = state(user);
        String url = config.lwa().authorizeUrl() + "?client_id=" + enc(config.lwa().clientId()) + "&scope="
                + enc(config.lwa().scope()) + "&response_type=code&redirect_uri=" + enc(config.lwa().redirectUri())
                + "&state=" + enc(state);
        return URI.create(url);
    }

    String state(UUID user) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        long expires = clock.instant().plus(config.lwa().stateTtl()).getEpochSecond();
        String payload = user + "." + expires + "." + B64.encodeToString(nonce);
        String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(cipher.signState(body.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The user a state was issued to; 400 naming {@code state} when it is forged, altered or expired. */
    public UUID verifyState(String state) {
        if (state == null || state.isBlank() || state.length() > 512) {
            throw ProblemException.invalidField("state", "is missing or not issued by this service");
        }
        int dot = state.lastIndexOf('.');
        if (dot <= 0) {
            throw ProblemException.invalidField("state", "is not issued by this service");
        }
        String body = state.substring(0, dot);
        byte[] given;
        String payload;
        try {
            given = Base64.getUrlDecoder().decode(state.substring(dot + 1));
            payload = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("state", "is not issued by this service");
        }
        if (!MessageDigest.isEqual(given, cipher.signState(body.getBytes(StandardCharsets.US_ASCII)))) {
            throw ProblemException.invalidField("state", "is not issued by this service");
        }
        String[] parts = payload.split("\\.");
        if (parts.length != 3) {
            throw ProblemException.invalidField("state", "is not issued by this service");
        }
        if (Instant.ofEpochSecond(Long.parseLong(parts[1])).isBefore(clock.instant())) {
            throw ProblemException.invalidField("state", "has expired; start the connection again");
        }
        return UUID.fromString(parts[0]);
    }

    /** Exchanges the code (authorization_code grant) and stores the user's tokens; the token row id. */
    public Uni<UUID> complete(String code, String state) {
        UUID user = verifyState(state);
        if (code == null || code.isBlank()) {
            throw ProblemException.invalidField("code", "is missing");
        }
        return lwa.exchangeCode(code, user.toString()).chain(reply -> tokens.connect(user, reply));
    }

    public UUID userOf(String state) {
        return verifyState(state);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
