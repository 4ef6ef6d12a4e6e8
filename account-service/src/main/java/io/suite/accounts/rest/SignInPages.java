package io.suite.accounts.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.rest.DashboardResource.Chrome;
import io.suite.accounts.rest.DashboardResource.Templates;
import io.suite.accounts.service.DevSignIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What a browser without a session gets: the sign-in page, or for an htmx request a 401 that redirects to it. */
@ApplicationScoped
public class SignInPages {

    static final String SESSION_ENDED = "Your session has ended. Sign in again to continue.";

    private final DevSignIn devSignIn;
    private final AccountsConfig config;

    public SignInPages(DevSignIn devSignIn, AccountsConfig config) {
        this.devSignIn = devSignIn;
        this.config = config;
    }

    Chrome chrome(String title) {
        return new Chrome(title, null, null, DashboardResource.HTMX, null, devSignIn.enabled(), null);
    }

    /** {@code next}: where to go after signing in, already checked to be a dashboard path. */
    Response page(String message, String next, int status) {
        return DashboardResource.html(Templates.signin(chrome("Sign in"), message, URLEncoder.encode(next, StandardCharsets.UTF_8),
                devSignIn.enabled(), config.dashboard().signInUrl().orElse(null)), status);
    }

    /** A fragment asked for without a session: htmx follows HX-Redirect to the sign-in page. */
    static Response fragment() {
        return Response.status(401).header("HX-Redirect", "/dashboard/sign-in?expired=1").type(MediaType.TEXT_HTML_TYPE)
                .entity("<p role=\"alert\">Your session has ended. <a href=\"/dashboard/sign-in\">Sign in</a></p>")
                .cacheControl(DashboardResource.noStore()).build();
    }
}
