package io.suite.accounts.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.BatchAction;
import io.suite.accounts.security.CsrfTokens;
import io.suite.accounts.service.ConnectService;
import io.suite.accounts.service.DashboardService;
import io.suite.accounts.service.DashboardViews.BatchView;
import io.suite.accounts.service.DashboardViews.Failure;
import io.suite.accounts.service.DashboardViews.ListView;
import io.suite.accounts.service.DashboardViews.RunProgress;
import io.suite.accounts.service.DashboardViews.Summary;
import io.suite.accounts.service.DevSignIn;
import io.suite.accounts.service.SessionRevocations;
import io.suite.resilience.params.StrictIds;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * The account dashboard: server-rendered pages and htmx fragments over the accounts API's services. Thin: the view
 * model is {@link DashboardService}'s; the session and CSRF checks of the {@link SignedIn} operations are
 * {@link DashboardSessionFilter}'s.
 */
@Path("/dashboard")
@Tag(name = "Dashboard")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

    static final String HTMX = "/dashboard/assets/htmx-2.0.2.min.js";
    private static final String HTMX_CLASSPATH = "META-INF/resources/_static/htmx.org/2.0.2/dist/htmx.min.js";

    @CheckedTemplate(basePath = "dashboard", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance page(Chrome chrome, ListView list);

        static native TemplateInstance results(ListView list);

        static native TemplateInstance summary(Summary summary);

        static native TemplateInstance batch(BatchView batch, String csrf);

        static native TemplateInstance run(RunProgress run);

        static native TemplateInstance signin(Chrome chrome, String message, String next, boolean devSignIn, String signInUrl);

        static native TemplateInstance devsignin(Chrome chrome, String next, String error);
    }

    /** What every full page needs besides its content. */
    public record Chrome(String title, String user, String csrf, String htmx, String notice, boolean devSignIn,
            String connectError) {
    }

    @Inject
    DashboardService dashboard;

    @Inject
    CurrentIdentityAssociation identity;

    @Inject
    DashboardCaller caller;

    @Inject
    CsrfTokens csrf;

    @Inject
    SignInPages signInPages;

    @Inject
    DevSignIn devSignIn;

    @Inject
    ConnectService connect;

    @Inject
    SessionRevocations revocations;

    @Inject
    AccountsConfig config;

    private static volatile byte[] htmxBytes;

    @GET
    @SignedIn
    @Operation(summary = "The dashboard page (HTML): account cards, filters, sort, pages, batch actions, sync health")
    public Uni<Response> page(@QueryParam("status") String status, @QueryParam("q") String q, @QueryParam("sort") String sort,
            @QueryParam("order") String order, @QueryParam("size") String size, @QueryParam("after") String after,
            @QueryParam("page") String page, @QueryParam("connected") String connected,
            @QueryParam("connect_error") String connectError) {
        DashboardService.Normalised n = dashboard.filter(status, q, sort, order, size, after, page);
        String notice = connected != null
                ? "Your Amazon account is connected. Its accounts are being synced now and appear below as soon as they are listed."
                : n.notice();
        return dashboard.list(caller.id(), n.filter(), null).map(list -> html(Templates.page(
                new Chrome("Amazon Ads accounts", caller.id().toString(), csrfToken(), HTMX, notice, devSignIn.enabled(),
                        connectErrorMessage(connectError)),
                list),
                list.failure() == null ? 200 : list.failure().status()));
    }

    @GET
    @Path("/accounts")
    @SignedIn
    @Operation(summary = "The account list fragment (htmx): same parameters as the page; pushes the page URL")
    public Uni<Response> results(@QueryParam("status") String status, @QueryParam("q") String q,
            @QueryParam("sort") String sort, @QueryParam("order") String order, @QueryParam("size") String size,
            @QueryParam("after") String after, @QueryParam("page") String page,
            @RestHeader("HX-Trigger") String trigger) {
        DashboardService.Normalised n = dashboard.filter(status, q, sort, order, size, after, page);
        return dashboard.list(caller.id(), n.filter(), n.notice()).map(list -> {
            Response.ResponseBuilder r = Response.status(list.failure() == null ? 200 : list.failure().status())
                    .entity(Templates.results(list)).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                    .cacheControl(noStore());
            if (!"results-refresh".equals(trigger)) {
                r.header("HX-Push-Url", list.filter().self());
            }
            return r.build();
        });
    }

    @GET
    @Path("/summary")
    @SignedIn
    @Operation(summary = "The sync-health summary fragment (htmx)")
    public Uni<Response> summary() {
        return dashboard.summary(caller.id()).map(s -> html(Templates.summary(s), s.failure() == null ? 200 : s.failure().status()));
    }

    @POST
    @Path("/batch")
    @SignedIn
    @Operation(summary = "Batch sync, disconnect (after confirmation) or update of the selected accounts (htmx form)")
    public Uni<Response> batch(@RestForm("action") String action, @RestForm("ids") List<String> ids,
            @RestForm("confirm") String confirm, @RestForm("label_key") String labelKey, @RestForm("label_value") String labelValue) {
        String token = csrfToken();
        BatchAction batchAction = BatchAction.ofWire(action).orElse(null);
        if (batchAction == null) {
            return Uni.createFrom().item(html(Templates.batch(new BatchView(String.valueOf(action), List.of(), null, null, false,
                    List.of(), new Failure(400, "invalid", "Unknown action", "Choose sync, disconnect or update.", null, null)),
                    token), 400));
        }
        List<UUID> chosen = new ArrayList<>();
        for (String id : ids == null ? List.<String> of() : ids) {
            if (StrictIds.isCanonical(id.strip())) {
                chosen.add(UUID.fromString(id.strip()));
            } else {
                return Uni.createFrom().item(html(Templates.batch(new BatchView(action, List.of(), null, null, false, List.of(),
                        new Failure(400, "invalid", "Unknown account", "The selection contains an invalid account id.", null, null)),
                        token), 400));
            }
            if (chosen.size() > 500) {
                return Uni.createFrom().item(html(Templates.batch(new BatchView(action, List.of(), null, null, false, List.of(),
                        new Failure(400, "invalid", "Too many accounts", "Select at most 500 accounts at once.", null, null)),
                        token), 400));
            }
        }
        return dashboard.batch(caller.id(), batchAction, chosen.stream().distinct().toList(), "yes".equals(confirm), labelKey, labelValue)
                .map(view -> {
                    Response.ResponseBuilder r = Response.status(view.failure() == null ? 200 : view.failure().status())
                            .entity(Templates.batch(view, token)).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                            .cacheControl(noStore());
                    if (view.failure() == null && !view.needsConfirmation() && view.run() == null) {
                        r.header("HX-Trigger", "accounts-changed"); // disconnect and update are done: redraw the cards
                    }
                    return r.build();
                });
    }

    @POST
    @Path("/sync")
    @SignedIn
    @Operation(summary = "Sync all the caller's accounts (htmx): the run's progress, polled like a batch sync")
    public Uni<Response> syncAll() {
        String token = csrfToken();
        return dashboard.syncAll(caller.id()).map(view -> html(Templates.batch(view, token),
                view.failure() == null ? 200 : view.failure().status()));
    }

    @GET
    @Path("/runs/{runId}")
    @SignedIn
    @Operation(summary = "A sync run's progress fragment, polled every second until the run ends (htmx)")
    public Uni<Response> run(@PathParam("runId") String runId) {
        if (!StrictIds.isCanonical(runId)) {
            throw new NotFoundException();
        }
        UUID id = UUID.fromString(runId);
        return dashboard.run(caller.id(), id).map(run -> {
            Response.ResponseBuilder r = Response.ok(Templates.run(run)).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                    .cacheControl(noStore());
            if (run.done()) {
                r.header("HX-Trigger", "accounts-changed"); // the cards and the summary redraw once
            }
            return r.build();
        }).onFailure().recoverWithItem(e -> html(Templates.run(new RunProgress(id, "unknown", 0, 0, 0, true,
                dashboard.failure(e).detail())), 200));
    }

    @GET
    @Path("/reconnect")
    @SignedIn
    @Operation(summary = "Starts the Amazon connect flow (Login with Amazon consent page) for the signed-in user")
    public Uni<Response> reconnect() {
        // always an explicit (re)connect: the user chose Connect or Reconnect on this page
        return connect.start(caller.id(), true).map(started -> seeOther(started.location().toString())
                .cookie(FlowCookie.of(config, started.browserSecret(), (int) started.ttl().toSeconds())).build());
    }

    @GET
    @Path("/sign-in")
    @Operation(summary = "Sign-in page: where a browser without a session lands")
    public Response signIn(@QueryParam("next") String next, @QueryParam("expired") String expired) {
        return signInPages.page(expired != null ? SignInPages.SESSION_ENDED : null, safeNext(next), 200);
    }

    @POST
    @Path("/sign-out")
    @Operation(summary = "Ends the dashboard session: its token is revoked (refused by every replica until it expires) and"
            + " the cookie cleared")
    public Uni<Response> signOut() {
        // No CSRF check on purpose: signing out is harmless, and an expired session must still be able to do it.
        Response signedOut = seeOther("/dashboard/sign-in").cookie(sessionCookie("", 0)).build();
        return identity.getDeferredIdentity()
                .chain(id -> id != null && id.getPrincipal() instanceof JsonWebToken jwt ? revocations.revoke(jwt)
                        : Uni.createFrom().voidItem())
                .onFailure().recoverWithNull() // no valid session (expired, already revoked): nothing to revoke
                .replaceWith(signedOut);
    }

    @GET
    @Path("/dev-sign-in")
    @Operation(summary = "Development sign-in form: exists only in the dev and local profiles (404 otherwise)")
    public Response devSignInForm(@QueryParam("next") String next) {
        requireDevSignIn();
        return html(Templates.devsignin(signInPages.chrome("Development sign-in"), safeNext(next), null), 200);
    }

    @POST
    @Path("/dev-sign-in")
    @Operation(summary = "Development sign-in: mints the API's JWT for the given user id and sets the session cookie")
    public Response devSignIn(@RestForm("user_id") String userId, @RestForm("next") String next) {
        requireDevSignIn();
        String typed = userId == null ? "" : userId.strip();
        if (!StrictIds.isCanonical(typed)) {
            return html(Templates.devsignin(signInPages.chrome("Development sign-in"), safeNext(next), "Enter a user id (a UUID)."),
                    400);
        }
        UUID user = UUID.fromString(typed);
        String token = devSignIn.mint(user);
        return seeOther(safeNext(next))
                .cookie(sessionCookie(token, (int) devSignIn.ttl().toSeconds())).build();
    }

    @GET
    @Path("/assets/htmx-2.0.2.min.js")
    @Produces("text/javascript")
    @Operation(hidden = true)
    public Response htmx() {
        byte[] bytes = htmxBytes;
        if (bytes == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(HTMX_CLASSPATH)) {
                if (in == null) {
                    throw new NotFoundException();
                }
                bytes = in.readAllBytes();
                htmxBytes = bytes;
            } catch (IOException e) {
                throw new NotFoundException();
            }
        }
        CacheControl immutable = new CacheControl();
        immutable.setMaxAge(31_536_000); // the version is in the path
        return Response.ok(bytes, "text/javascript; charset=utf-8").cacheControl(immutable).build();
    }

    // --- helpers

    /** The signed-in caller's CSRF token, for the forms of the page or fragment being written. */
    private String csrfToken() {
        return csrf.tokenFor(caller.id(), caller.issuedAt());
    }

    /** What the dashboard says when the connect callback sent the browser back without a connection. */
    static String connectErrorMessage(String outcome) {
        if (outcome == null || outcome.isBlank()) {
            return null;
        }
        return switch (outcome) {
            case "mismatch" -> "This Amazon connection was started by another account or in another browser, so it was not"
                    + " completed. If you meant to connect your own Amazon account, connect again from here.";
            case "state" -> "This connection link has expired or was already used. Connect again to finish.";
            case "connected" -> "An Amazon account is already connected. Reconnect to replace it.";
            case "code" -> "Amazon did not accept the sign-in (it may have taken too long). Connect again.";
            case "declined" -> "The connection was cancelled at Amazon. Connect again when you are ready.";
            default -> "The Amazon connection could not be completed. Connect again.";
        };
    }

    private void requireDevSignIn() {
        if (!devSignIn.enabled()) {
            throw new NotFoundException(); // the route does not exist outside the dev and local profiles
        }
    }

    private NewCookie sessionCookie(String value, int maxAge) {
        return new NewCookie.Builder(config.dashboard().cookieName()).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .secure(config.dashboard().cookieSecure()).sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** Only our own dashboard paths: never an open redirect. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/dashboard") || next.startsWith("/dashboard/dev-sign-in") || next.contains("//")
                || next.contains("\\") || next.length() > 1000) {
            return "/dashboard";
        }
        return next;
    }

    /**
     * A redirect with a relative Location, as given: Response.seeOther would make it absolute from the Host the service
     * sees, which behind the gateway is not the browser's.
     */
    static Response.ResponseBuilder seeOther(String path) {
        return Response.status(Response.Status.SEE_OTHER).header("Location", path);
    }

    static CacheControl noStore() {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        return cc;
    }

    static Response html(TemplateInstance t, int status) {
        return Response.status(status).entity(t).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).cacheControl(noStore()).build();
    }
}
