package io.suite.marketdata.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataType;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.health.MarketDataHealth;
import io.suite.marketdata.service.CacheStats;
import io.suite.marketdata.service.MarketDataCache;
import io.suite.marketdata.service.MarketDataService;
import io.suite.resilience.problem.Problem;
import io.suite.resilience.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Service health in detail, cache statistics, and the admin's cache refresh. */
@Path("/api/v1/market-data")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "market-data operations")
@SecurityRequirement(name = "jwt")
public class MarketDataOpsResource {

    private final MarketDataHealth health;
    private final MarketDataService service;
    private final MarketDataCache cache;
    private final CacheStats stats;

    public MarketDataOpsResource(MarketDataHealth health, MarketDataService service, MarketDataCache cache, CacheStats stats) {
        this.health = health;
        this.service = service;
        this.cache = cache;
        this.stats = stats;
    }

    @GET
    @Path("/health")
    @Operation(summary = "Database, cache, upstream reachability, breaker state, rate budget left and what the plan includes",
            description = "For people and dashboards; Kubernetes probes use /q/health/live and /q/health/ready on the "
                    + "management port, which never depend on the upstream.")
    @APIResponse(responseCode = "200", description = "The report (status UP, DEGRADED or DOWN)",
            content = @Content(schema = @Schema(implementation = MarketDataHealth.Report.class),
                    examples = @ExampleObject(name = "up", value = """
                            {"status":"UP","database":{"status":"UP","latency_ms":2},"cache_entries":{"quote":3,"options":1,"bars":2},
                             "cache_memory_bytes":48210,
                             "upstream":{"status":"UP","breaker":"CLOSED","last_success_at":"2024-01-19T15:30:00Z","queued":0},
                             "rate_budget":{"name":"polygon-free","capacities":[5.0],"available":[3.4]},
                             "entitlements":{"key_id":"3f1c0a9be2d74410","plan":null,"declared":false,"end_of_day":true,
                              "families":{"stocks.trades":{"state":"forbidden","source":"learned",
                               "reason":"You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing",
                               "learned_at":"2024-01-19T15:00:01Z","recheck_at":"2024-01-20T15:00:01Z"},
                               "stocks.aggregates":{"state":"entitled","source":"learned","learned_at":"2024-01-19T15:00:02Z"}},
                              "history":{"stocks":{"earliest":"2022-01-19","source":"learned","refused_days":1110,"allowed_days":30}}},
                             "checked_at":"2024-01-19T15:30:02Z"}""")))
    public Uni<MarketDataHealth.Report> health() {
        return health.check();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "CacheRefreshRequest")
    public record RefreshRequest(
            @Schema(description = "cache keys to reload, as listed by the stats or returned earlier",
                    example = "[\"quote:SPY\"]") List<String> keys,
            @Schema(description = "reload this ticker's quote and every key cached for it", example = "SPY") String ticker) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "CacheRefreshResult")
    public record RefreshResponse(int refreshed, int failed, List<MarketDataService.RefreshOutcome> results) {
    }

    @POST
    @Path("/cache/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Reload chosen cache keys, or everything cached for a ticker, now (admin)",
            description = "Each reload takes a permit from the shared rate budget, so a large refresh may take time.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "ticker", value = "{\"ticker\":\"SPY\"}")))
    @APIResponse(responseCode = "200", description = "What was refreshed",
            content = @Content(schema = @Schema(implementation = RefreshResponse.class),
                    examples = @ExampleObject(name = "done", value = """
                            {"refreshed":1,"failed":0,"results":[{"key":"quote:SPY","refreshed":true,"detail":"refreshed"}]}""")))
    @APIResponse(responseCode = "400", description = "Neither keys nor ticker, or a key that is not one of ours",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Not an admin")
    public Uni<RefreshResponse> refresh(RefreshRequest request) {
        if (request == null || ((request.keys() == null || request.keys().isEmpty())
                && (request.ticker() == null || request.ticker().isBlank()))) {
            throw ProblemException.invalidField("keys", "name keys or a ticker to refresh");
        }
        List<CacheKey> keys = new ArrayList<>();
        if (request.keys() != null) {
            if (request.keys().size() > 100) {
                throw ProblemException.invalidField("keys", "at most 100 keys per request");
            }
            for (int i = 0; i < request.keys().size(); i++) {
                try {
                    keys.add(CacheKey.parse(request.keys().get(i)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalidField("keys[" + i + "]", e.getMessage());
                }
            }
        }
        Ticker ticker = null;
        if (request.ticker() != null && !request.ticker().isBlank()) {
            try {
                ticker = Ticker.of(request.ticker());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("ticker", e.getMessage());
            }
        }
        return service.refresh(keys, ticker).map(results -> new RefreshResponse(
                (int) results.stream().filter(MarketDataService.RefreshOutcome::refreshed).count(),
                (int) results.stream().filter(r -> !r.refreshed()).count(), results));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TypeStats(long hits, long memoryHits, long databaseHits, long misses, double hitRatio, long staleServed,
            long evictions, long entries, long upstreamLoads, long coalesced, long refreshAhead) {
    }

    @GET
    @Path("/cache/stats")
    @Operation(summary = "Cache hits, misses, hit ratio, stale served, evictions and entries by data type",
            description = "The same figures are on the management port's /q/metrics as marketdata_cache_* metrics.")
    @APIResponse(responseCode = "200", description = "Statistics since start-up, per data type",
            content = @Content(examples = @ExampleObject(name = "stats", value = """
                    {"quote":{"hits":120,"memory_hits":118,"database_hits":2,"misses":6,"hit_ratio":0.952,"stale_served":1,
                     "evictions":0,"entries":3,"upstream_loads":6,"coalesced":14,"refresh_ahead":2}}""")))
    public Map<String, TypeStats> stats() {
        Map<String, TypeStats> out = new LinkedHashMap<>();
        for (DataType type : DataType.values()) {
            CacheStats.Counters c = stats.of(type);
            out.put(type.label(), new TypeStats(c.hits(), c.memoryHits(), c.databaseHits(), c.misses(), c.hitRatio(),
                    c.staleServed(), c.evictions(), cache.memoryEntries(type), c.upstreamLoads(), c.coalesced(),
                    c.refreshAhead()));
        }
        return out;
    }
}
