package io.suite.catalog.rest;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.RefreshStatus;
import io.suite.catalog.service.RefreshService;
import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.paging.Page;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Refresh job history (public) and a manual trigger of the worker (admin). */
@Path("/api/v1/catalog/refresh-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "refresh")
public class RefreshJobResource {

    private final RefreshService refresh;

    public RefreshJobResource(RefreshService refresh) {
        this.refresh = refresh;
    }

    @GET
    @PermitAll
    @Operation(summary = "Refresh jobs, newest first", description = "Filter by product, status and run; page with next_token.")
    public Uni<Page<RefreshJobView>> list(@QueryParam("product_id") UUID productId,
            @QueryParam("status") @Pattern(regexp = "pending|running|success|failed|skipped",
                    message = "must be pending, running, success, failed or skipped") String status,
            @QueryParam("run_id") UUID runId,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be between 1 and 500") @Max(value = 500,
                    message = "must be between 1 and 500") int limit,
            @QueryParam(CursorCodec.PARAMETER) String nextToken) {
        return refresh.jobs(productId, status == null ? null : RefreshStatus.of(status), runId, nextToken, limit)
                .map(page -> page.map(RefreshJobView::of));
    }

    @POST
    @Path("/run")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Run the refresh worker now (admin)", description = "Refreshes every due product and answers with the "
            + "run's counts; 409 while a run is in progress on this instance. productId makes that product due first.")
    @APIResponse(responseCode = "200", description = "The run's counts")
    @APIResponse(responseCode = "404", description = "product_id names no product")
    @APIResponse(responseCode = "409", description = "A refresh run is already in progress on this instance")
    public Uni<RefreshService.RunSummary> run(@QueryParam("product_id") UUID productId) {
        return refresh.runManually(productId);
    }
}
