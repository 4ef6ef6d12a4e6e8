package io.suite.resilience.testapp;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.budget.Subjects;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.openapi.ProblemResponsesFilter;
import io.suite.resilience.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Endpoints the shared library's tests drive: a guarded upstream call, validation, and failures of each kind. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
public class TestResource {

    private static final Logger LOG = Logger.getLogger(TestResource.class);

    @RestClient
    ThingClient things;

    final UpstreamGuards guards;

    TestResource(UpstreamGuards guards) {
        this.guards = guards;
    }

    @GET
    @Path("/things/{upstream}/{id}")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "any")
    public Uni<String> thing(@PathParam("upstream") String upstream, @PathParam("id") String id,
            @QueryParam("subject") @DefaultValue("user-1") String subject) {
        LOG.infof("fetching thing %s through %s", id, upstream);
        return guards.get(upstream).call("GET /things/{id}", subject, () -> things.get(id));
    }

    /** A call made for {@code subject} (as a service does for the signed-in user), through the fair-shared upstream. */
    @GET
    @Path("/fair/{id}")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "fair")
    @Extension(name = ProblemResponsesFilter.FAIR_SHARE, value = "fair")
    public Uni<String> fair(@PathParam("id") String id, @QueryParam("subject") String subject) {
        return Subjects.as(subject, () -> guards.get("fair").<String> call("GET /things/{id}", () -> things.get(id)));
    }

    @GET
    @Path("/validate")
    public String validate(@QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit,
            @QueryParam("ticker") @Pattern(regexp = "[A-Z.-]{1,10}") String ticker) {
        return "{\"limit\":" + limit + "}";
    }

    public record Item(@NotBlank @Pattern(regexp = "[A-Z0-9]{10}") String asin, @Min(1) int quantity) {
    }

    public record Order(@NotBlank String marketplace, @NotNull @Size(min = 1, max = 3) List<@Valid Item> items) {
    }

    @POST
    @Path("/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Order order(@NotNull @Valid Order order) {
        return order;
    }

    /** A body spelled snake_case, as every service's: a bad field is named as the client sent it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Transfer(@NotNull @Size(min = 1, max = 2) List<@NotNull String> accountIds, @Min(1) int unitCount) {
    }

    @POST
    @Path("/transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Transfer transfer(@NotNull @Valid Transfer transfer) {
        return transfer;
    }

    @GET
    @Path("/missing/{id}")
    public String missing(@PathParam("id") String id) {
        throw ProblemException.notFound("Thing", id);
    }

    @POST
    @Path("/missing/{id}")
    public String conflict(@PathParam("id") String id) {
        throw ProblemException.conflict("Thing " + id + " was changed by someone else");
    }

    @PUT
    @Path("/missing/{id}")
    public String busy(@PathParam("id") String id) {
        throw ProblemException.busy("Too many runs of thing " + id + " at once", Duration.ofMillis(2500));
    }

    @GET
    @Path("/secret")
    @jakarta.annotation.security.RolesAllowed("admin")
    public String secret() {
        return "{}";
    }

    @GET
    @Path("/whoami")
    @jakarta.annotation.security.RolesAllowed("user")
    public String whoami(@jakarta.ws.rs.core.Context SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("secret internal detail: connection string postgres://x");
    }

    /** What a query sees while Postgres restarts: the pool's connect attempt refused. */
    @GET
    @Path("/db-down")
    public Uni<String> databaseDown() {
        return Uni.createFrom().failure(new IllegalStateException("query failed",
                new ConnectException("Connection refused: /127.0.0.1:5432")));
    }

    /** Typed parameters go through the shared converters (BoundedParamConverters); text through InputHygiene. */
    @GET
    @Path("/params/{id}")
    public String params(@PathParam("id") UUID id, @QueryParam("size") Integer size,
            @QueryParam("price") BigDecimal price, @QueryParam("q") String q) {
        return "{\"id\":\"" + id + "\",\"size\":" + size + ",\"price\":" + price + "}";
    }

    public record Note(String text, Map<String, String> labels) {
    }

    @POST
    @Path("/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Note note(Note note) {
        return note;
    }

    /** An HTML page, as the dashboard serves: gets the CSP. */
    @GET
    @Path("/page")
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        return "<!DOCTYPE html><title>page</title><p>hello</p>";
    }

    /** A page that sets its own policy, which the shared headers keep. */
    @GET
    @Path("/own-policy")
    @Produces(MediaType.TEXT_HTML)
    public Response ownPolicy() {
        return Response.ok("<!DOCTYPE html><title>own</title>")
                .header("Content-Security-Policy", "default-src 'none'").header("X-Frame-Options", "SAMEORIGIN").build();
    }
}
