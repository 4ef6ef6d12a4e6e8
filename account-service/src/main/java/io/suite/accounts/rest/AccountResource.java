package io.suite.accounts.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.AccountStatus;
import io.suite.accounts.domain.BatchAction;
import io.suite.accounts.domain.SyncRunStatus;
import io.suite.accounts.repository.AccountRepository.Sort;
import io.suite.accounts.rest.AccountDtos.AccountHealthView;
import io.suite.accounts.rest.AccountDtos.AccountView;
import io.suite.accounts.rest.AccountDtos.BatchReply;
import io.suite.accounts.rest.AccountDtos.BatchRequest;
import io.suite.accounts.rest.AccountDtos.HealthView;
import io.suite.accounts.rest.AccountDtos.ProfileView;
import io.suite.accounts.rest.AccountDtos.RateLimitView;
import io.suite.accounts.rest.AccountDtos.RunView;
import io.suite.accounts.rest.AccountDtos.SyncRequest;
import io.suite.accounts.rest.AccountDtos.SyncStarted;
import io.suite.accounts.service.AccountService;
import io.suite.accounts.service.SyncService;
import io.suite.resilience.openapi.ProblemResponsesFilter;
import io.suite.resilience.paging.Page;
import io.suite.resilience.problem.Problem;
import io.suite.resilience.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/accounts")
@Tag(name = "Accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountService accounts;

    @Inject
    SyncService sync;

    @Inject
    CurrentUser user;

    @Inject
    AccountsConfig config;

    @GET
    @Operation(summary = "The caller's Amazon Ads accounts: status and name filters, sort, cursor pagination")
    public Uni<Page<AccountView>> list(
            @Parameter(description = "active, inactive, suspended or pending") @QueryParam("status") String status,
            @Parameter(description = "case-insensitive part of the account name (at most 100 characters)") @QueryParam("q") String q,
            @Parameter(description = "name, last_sync or status") @QueryParam("sort") @DefaultValue("name") String sort,
            @Parameter(description = "asc or desc") @QueryParam("order") @DefaultValue("asc") String order,
            @QueryParam("next_token") String nextToken,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        AccountStatus filter = null;
        if (status != null && !status.isBlank()) {
            filter = AccountStatus.parse(status);
            if (filter == null) {
                throw ProblemException.invalidField("status", "must be one of active, inactive, suspended, pending");
            }
        }
        Sort by = switch (sort) {
            case "name" -> Sort.NAME;
            case "last_sync" -> Sort.LAST_SYNC;
            case "status" -> Sort.STATUS;
            default -> throw ProblemException.invalidField("sort", "must be one of name, last_sync, status");
        };
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ProblemException.invalidField("order", "must be asc or desc");
        }
        return accounts.list(user.id(), filter, q, by, order.equals("desc"), nextToken, limit)
                .map(p -> p.map(AccountView::of));
    }

    @GET
    @Path("/amazon-profiles")
    @Operation(summary = "Advertising profiles of every region served, merged, in profile-id order, cursor-paginated")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "ads")
    @Extension(name = ProblemResponsesFilter.FAIR_SHARE, value = "ads")
    @APIResponse(responseCode = "200", description = "One page of profiles")
    @APIResponse(responseCode = "409", description = "reauthorization-required: no Amazon connection, or one that was refused or"
            + " revoked (reconnect: GET /api/v1/auth/amazon/authorize?reconnect=true)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "reauthorization-required",
                    value = ProblemExamples.REAUTHORIZATION_REQUIRED)))
    public Uni<Page<ProfileView>> profiles(@QueryParam("next_token") String nextToken,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return accounts.profiles(user.id(), nextToken, limit)
                .map(p -> p.map(ProfileView::of));
    }

    @POST
    @Path("/sync")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a sync of all the caller's accounts, or of the given ones; progress at /sync/{runId}."
            + " A full sync while one is running joins it (same run id)")
    @APIResponse(responseCode = "202", description = "Started (or joined): the run id and where to follow it")
    @APIResponse(responseCode = "409", description = "reauthorization-required: the caller's Amazon connection was refused or"
            + " revoked; the detail names the reconnect (GET /api/v1/auth/amazon/authorize?reconnect=true)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "reauthorization-required",
                    value = ProblemExamples.REAUTHORIZATION_REQUIRED)))
    @APIResponse(responseCode = "429", description = "The caller already has accounts.sync.max-runs-per-user runs going, or is"
            + " over its share of the ads budget; Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                    @ExampleObject(name = "too-many-requests", value = ProblemExamples.TOO_MANY_SYNCS),
                    @ExampleObject(name = "over-fair-share", value = ProblemExamples.OVER_ADS_SHARE) }))
    @APIResponse(responseCode = "503", description = "busy: this instance runs accounts.sync.max-active-runs already, or the"
            + " database is unavailable; Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                    @ExampleObject(name = "busy", value = ProblemExamples.SYNC_BUSY),
                    @ExampleObject(name = "database-unavailable", value = ProblemExamples.DATABASE_UNAVAILABLE) }))
    public Uni<Response> startSync(@Valid SyncRequest request) {
        List<UUID> ids = request == null || request.accountIds() == null ? List.of() : request.accountIds();
        return sync.start(user.id(), ids, "manual").map(run -> Response.accepted(
                new SyncStarted(run, SyncRunStatus.STARTED.wire(), "/api/v1/accounts/sync/" + run))
                .header("Location", "/api/v1/accounts/sync/" + run).build());
    }

    @GET
    @Path("/sync/{runId}")
    @Operation(summary = "Progress and outcome of a sync run")
    public Uni<RunView> run(@PathParam("runId") UUID runId) {
        return sync.progress(user.id(), runId).map(RunView::of);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "sync, disconnect or update several accounts: one result per id, partial success is normal")
    @APIResponse(responseCode = "200", description = "One result per id: accepted, disconnected, updated, rejected, skipped or"
            + " not_found, and a summary")
    @APIResponse(responseCode = "409", description = "sync: reauthorization-required, the caller's Amazon connection was"
            + " refused or revoked (reconnect: GET /api/v1/auth/amazon/authorize?reconnect=true)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "reauthorization-required",
                    value = ProblemExamples.REAUTHORIZATION_REQUIRED)))
    @APIResponse(responseCode = "429", description = "sync: the caller already has accounts.sync.max-runs-per-user runs going,"
            + " or is over its share of the ads budget; Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                    @ExampleObject(name = "too-many-requests", value = ProblemExamples.TOO_MANY_SYNCS),
                    @ExampleObject(name = "over-fair-share", value = ProblemExamples.OVER_ADS_SHARE) }))
    @APIResponse(responseCode = "503", description = "sync: this instance runs accounts.sync.max-active-runs already, or the"
            + " database is unavailable; Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                    @ExampleObject(name = "busy", value = ProblemExamples.SYNC_BUSY),
                    @ExampleObject(name = "database-unavailable", value = ProblemExamples.DATABASE_UNAVAILABLE) }))
    public Uni<BatchReply> batch(@Valid BatchRequest request) {
        if (request == null) {
            throw ProblemException.invalidField("body", "is required");
        }
        BatchAction action = BatchAction.ofWire(request.action())
                .orElseThrow(() -> ProblemException.invalidField("action", "must be one of sync, disconnect, update"));
        return accounts.batch(user.id(), action, request.ids(), request.labels())
                .map(results -> new BatchReply(results, results.stream()
                        .collect(Collectors.groupingBy(AccountService.BatchResult::outcome, LinkedHashMap::new, Collectors.counting()))));
    }

    @GET
    @Path("/sync-health")
    @Operation(summary = "Sync health per account and overall (green/amber/red; thresholds in accounts.health.*)")
    public Uni<HealthView> health() {
        AccountsConfig.Health t = config.health();
        Map<String, String> thresholds = new LinkedHashMap<>();
        // keys spelled like every other public JSON property (snake_case)
        thresholds.put("amber_after", t.amberAfter().toString());
        thresholds.put("red_after", t.redAfter().toString());
        thresholds.put("amber_failures", String.valueOf(t.amberFailures()));
        thresholds.put("red_failures", String.valueOf(t.redFailures()));
        return accounts.health(user.id()).map(h -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            h.counts().forEach((c, n) -> counts.put(c.name().toLowerCase(), n));
            return new HealthView(h.overall().name().toLowerCase(), counts, h.needsReauthorization(), h.lastRefreshError(),
                    RunView.of(h.lastRun()), thresholds, h.accounts().stream().map(AccountHealthView::of).toList(),
                    h.rateLimits().stream().map(RateLimitView::of).toList());
        });
    }
}
