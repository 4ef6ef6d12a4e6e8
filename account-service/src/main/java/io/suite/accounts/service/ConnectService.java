package io.suite.accounts.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.client.LwaClient;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.repository.ConnectFlowRepository;
import io.suite.accounts.repository.ConnectFlowRepository.Flow;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.repository.TokenRepository;
import io.suite.accounts.repository.TokenRow;
import io.suite.accounts.security.BrowserSigner;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Connecting an Amazon account. {@link #start} records a flow for the signed-in user and answers LWA's consent URL with a
 * signed, expiring {@code state} naming the flow, a PKCE challenge (S256), and a random value for an HttpOnly cookie of
 * the starting browser. {@link #complete} accepts the callback only from that user in that browser, consumes the flow
 * once (atomically), and exchanges the code with the flow's verifier. An existing working connection is replaced only
 * when the flow was started as an explicit reconnect.
 */
@ApplicationScoped
public class ConnectService {

    private static final Logger LOG = Logger.getLogger(ConnectService.class);
    /** The starting browser's cookie: HttpOnly, SameSite=Lax (LWA's redirect back is a cross-site top-level GET). */
    public static final String FLOW_COOKIE = "suite_lwa_flow";
    /** Where the flow cookie is sent: the callback only. */
    public static final String FLOW_COOKIE_PATH = "/api/v1/auth/amazon";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();
    private final AccountsConfig config;
    private final TokenCipher cipher;
    private final BrowserSigner signer;
    private final LwaClient lwa;
    private final TokenService tokenService;
    private final SyncService sync;
    private final Tenancy tenancy;
    private final ConnectFlowRepository flows;
    private final TokenRepository tokens;
    private final Clock clock;

    /** A started flow: where to send the browser and the value of its flow cookie (never stored, only its hash). */
    public record Started(URI location, String browserSecret, Duration ttl) {

        @Override
        public String toString() {
            return "Started[location=" + location.getHost() + location.getPath() + ", ttl=" + ttl + "]";
        }
    }

    /** What a signed state says. */
    record StateClaims(UUID user, UUID flow) {
    }

    /** The outcome of consuming a flow inside its transaction: a refusal to answer after the commit, or the verifier. */
    private record Consumed(ProblemException refusal, String codeVerifier) {
    }

    public ConnectService(AccountsConfig config, TokenCipher cipher, BrowserSigner signer, LwaClient lwa, TokenService tokenService,
            SyncService sync, Tenancy tenancy, ConnectFlowRepository flows, TokenRepository tokens, Clock clock) {
        this.config = config;
        this.cipher = cipher;
        this.signer = signer;
        this.lwa = lwa;
        this.tokenService = tokenService;
        this.sync = sync;
        this.tenancy = tenancy;
        this.flows = flows;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Starts a connect flow for the user. Without {@code reconnect}, a user whose connection works gets 409: replacing it
     * must be asked for.
     */
    public Uni<Started> start(UUID user, boolean reconnect) {
        UUID flow = UUID.randomUUID();
        String browserSecret = randomToken();
        String verifier = randomToken();
        Instant expires = clock.instant().plus(config.lwa().stateTtl());
        return tenancy.asKnownUser(user, conn -> tokens.findForUser(conn).chain(existing -> {
            if (!reconnect && working(existing)) {
                return Uni.createFrom().failure(alreadyConnected());
            }
            return flows.insert(conn, flow, user, sha256(browserSecret), cipher.encrypt(verifier, aad(flow)), cipher.currentKeyId(),
                    reconnect, expires);
        })).map(x -> new Started(authorizeUrl(state(user, flow, expires), challenge(verifier)), browserSecret,
                config.lwa().stateTtl()));
    }

    private URI authorizeUrl(String state, String codeChallenge) {
        String url = config.lwa().authorizeUrl() + "?client_id=" + enc(config.lwa().clientId()) + "&scope="
                + enc(config.lwa().scope()) + "&response_type=code&redirect_uri=" + enc(config.lwa().redirectUri())
                + "&state=" + enc(state) + "&code_challenge=" + enc(codeChallenge) + "&code_challenge_method=S256";
        return URI.create(url);
    }

    String state(UUID user, UUID flow, Instant expires) {
        String payload = user + "." + expires.getEpochSecond() + "." + flow;
        String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(signer.sign(body.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The user and flow a state was issued for; 400 naming {@code state} when it is forged, altered or expired. */
    StateClaims verifyState(String state) {
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
        if (!signer.verify(body.getBytes(StandardCharsets.US_ASCII), given)) {
            throw ProblemException.invalidField("state", "is not issued by this service");
        }
        String[] parts = payload.split("\\.");
        if (parts.length != 3) {
            throw ProblemException.invalidField("state", "is not issued by this service");
        }
        if (Instant.ofEpochSecond(Long.parseLong(parts[1])).isBefore(clock.instant())) {
            throw ProblemException.invalidField("state", "has expired; start the connection again");
        }
        return new StateClaims(UUID.fromString(parts[0]), UUID.fromString(parts[2]));
    }

    /** Refuses a forged callback (400 naming {@code state}); used when LWA reports an error instead of a code. */
    public void checkState(String state) {
        verifyState(state);
    }

    /**
     * The callback: the flow named by {@code state} must belong to {@code signedInUser} and to the browser holding
     * {@code browserSecret} (else 403), must not have been used (400 naming {@code state}), and must be a reconnect if a
     * working connection exists (409). It is consumed before the code is exchanged, so it works once whatever follows.
     * A code LWA refuses is a 400 naming {@code code}. The connection's first full sync starts at once. Answers the
     * connection (token row) id.
     */
    public Uni<UUID> complete(String code, String state, UUID signedInUser, String browserSecret) {
        StateClaims claims = verifyState(state);
        if (code == null || code.isBlank()) {
            throw ProblemException.invalidField("code", "is missing");
        }
        if (!claims.user().equals(signedInUser) || browserSecret == null || browserSecret.isBlank() || browserSecret.length() > 200) {
            LOG.warnf("connect callback refused: flow=%s started by another user or browser", claims.flow());
            throw mismatch();
        }
        UUID user = claims.user();
        byte[] presented = sha256(browserSecret);
        return tenancy.asUser(user, conn -> flows.lock(conn, claims.flow()).chain(flow -> {
            ProblemException refusal = refusal(flow, presented);
            if (refusal != null) {
                return Uni.createFrom().item(new Consumed(refusal, null));
            }
            return flows.consume(conn, flow.id()).chain(() -> tokens.findForUser(conn)).map(existing -> !flow.reconnect()
                    && working(existing) ? new Consumed(alreadyConnected(), null)
                            : new Consumed(null, cipher.decrypt(flow.codeVerifierEnc(), flow.keyId(), aad(flow.id()))));
        })).chain(consumed -> {
            if (consumed.refusal() != null) {
                return Uni.createFrom().failure(consumed.refusal());
            }
            return lwa.exchangeCode(code, consumed.codeVerifier(), user.toString())
                    // invalid_grant on a code: expired, used, or not issued for this request and verifier
                    .onFailure(ReauthorizationRequiredException.class).transform(e -> ProblemException.invalidField("code",
                            "was refused by Login with Amazon (expired, already used, or not issued for this request); connect again"))
                    .chain(reply -> tokenService.connect(user, reply))
                    // the connection's accounts come in now, not when the user finds a button
                    .call(() -> sync.startFirstSync(user));
        });
    }

    private ProblemException refusal(Flow flow, byte[] presented) {
        if (flow == null) {
            return ProblemException.invalidField("state", "is not issued by this service");
        }
        if (!MessageDigest.isEqual(flow.browserHash(), presented)) {
            // not consumed: the flow still belongs to the browser that started it
            LOG.warnf("connect callback refused: flow=%s presented by another browser", flow.id());
            return mismatch();
        }
        if (flow.consumedAt() != null) {
            return ProblemException.invalidField("state", "has already been used; start the connection again");
        }
        if (!flow.expiresAt().isAfter(clock.instant())) {
            return ProblemException.invalidField("state", "has expired; start the connection again");
        }
        return null;
    }

    private static boolean working(TokenRow existing) {
        return existing != null && existing.usable();
    }

    static ProblemException mismatch() {
        return new ProblemException(403, "connect-flow-mismatch", "Connection started elsewhere",
                "This Amazon connection was started by another user or in another browser; start it again from your own"
                        + " dashboard or client",
                null);
    }

    static ProblemException alreadyConnected() {
        return ProblemException.conflict("An Amazon account is already connected; to replace it, reconnect explicitly"
                + " (GET /api/v1/auth/amazon/authorize?reconnect=true, or Reconnect in the dashboard)");
    }

    /** RFC 7636: BASE64URL(SHA-256(verifier)). */
    static String challenge(String verifier) {
        return B64.encodeToString(sha256(verifier));
    }

    private static String aad(UUID flow) {
        return "oauth_connect_flows:" + flow + ":code_verifier";
    }

    /** 32 random bytes, base64url: 43 characters, a valid PKCE verifier and an unguessable cookie value. */
    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
