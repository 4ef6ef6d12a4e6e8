package io.suite.sandbox.control;

import static io.suite.sandbox.control.ControlReplies.bad;
import static io.suite.sandbox.control.ControlReplies.notFound;

import java.util.Map;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.data.AdsData;
import io.suite.sandbox.lwa.LwaTokens;
import io.suite.sandbox.lwa.Pkce;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Control API: LWA refresh token revocation and authorization codes without the consent page. */
@Path("/_control/lwa")
@Produces(MediaType.APPLICATION_JSON)
public class LwaControlResource {

    @Inject
    SandboxConfig config;
    @Inject
    LwaTokens lwaTokens;
    @Inject
    AdsData adsData;

    public record RevokeBody(String refreshToken, String userId) {
    }

    /** {@code codeChallenge}/{@code codeChallengeMethod}: optional PKCE, as the consent page takes it. */
    public record CodeBody(String userId, String redirectUri, String scope, String codeChallenge, String codeChallengeMethod) {
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revoke(RevokeBody body) {
        if (body == null || (body.refreshToken() == null && body.userId() == null)) {
            return bad("give refreshToken or userId");
        }
        int revoked = 0;
        if (body.refreshToken() != null) {
            revoked += lwaTokens.revokeRefreshToken(body.refreshToken()) ? 1 : 0;
        }
        if (body.userId() != null) {
            if (adsData.user(body.userId()).isEmpty()) {
                return notFound("unknown user " + body.userId());
            }
            revoked += lwaTokens.revokeUser(body.userId());
        }
        return Response.ok(Map.of("revoked", revoked)).build();
    }

    /** Shortcut for automated tests: the code the consent page would have issued. */
    @POST
    @Path("/codes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response code(CodeBody body) {
        if (body == null || body.userId() == null || body.redirectUri() == null) {
            return bad("userId and redirectUri are required");
        }
        if (adsData.user(body.userId()).isEmpty()) {
            return notFound("unknown user " + body.userId());
        }
        String pkceError = Pkce.invalidRequest(body.codeChallenge(), body.codeChallengeMethod());
        if (pkceError != null) {
            return bad(pkceError);
        }
        LwaTokens.Code c = lwaTokens.issueCode(body.userId(), config.lwa().clientId(), body.redirectUri(),
                body.scope() == null ? "advertising::campaign_management" : body.scope(), body.codeChallenge(),
                Pkce.method(body.codeChallengeMethod()));
        return Response.ok(Map.of("code", c.code(), "expiresAt", c.expiresAt().toString())).build();
    }
}
