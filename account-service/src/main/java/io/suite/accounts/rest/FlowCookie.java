package io.suite.accounts.rest;

import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.service.ConnectService;
import jakarta.ws.rs.core.NewCookie;

/**
 * The cookie binding a connect flow to the browser that started it: HttpOnly, sent to the callback path only, SameSite=Lax
 * because Login with Amazon sends the browser back with a cross-site top-level GET (Strict would leave it out).
 */
final class FlowCookie {

    private FlowCookie() {
    }

    static NewCookie of(AccountsConfig config, String value, int maxAgeSeconds) {
        return new NewCookie.Builder(ConnectService.FLOW_COOKIE).value(value).path(ConnectService.FLOW_COOKIE_PATH)
                .maxAge(maxAgeSeconds).httpOnly(true).secure(config.dashboard().cookieSecure()).sameSite(NewCookie.SameSite.LAX)
                .build();
    }
}
