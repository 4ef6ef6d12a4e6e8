package io.suite.catalog.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.health.CatalogHealth;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The public health answer: healthy or degraded, overall and per component (database, upstream). Nothing more: the
 * upstream host, breaker state and latencies are on the management port ({@code /q/health/group/upstreams}).
 */
@Path("/api/v1/catalog/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public class CatalogHealthResource {

    private final CatalogHealth health;

    public CatalogHealthResource(CatalogHealth health) {
        this.health = health;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PublicHealth(String status, Map<String, String> components) {
    }

    @GET
    @PermitAll
    @Operation(summary = "Service status: healthy or degraded, for the database and the upstream",
            description = "Details (upstream host, breaker state) are served on the management port only.")
    public Uni<PublicHealth> health() {
        return health.check().map(h -> {
            Map<String, String> components = new LinkedHashMap<>();
            h.components().forEach((name, c) -> components.put(name, word(c.status())));
            return new PublicHealth(word(h.status()), components);
        });
    }

    private static String word(String status) {
        return "UP".equals(status) ? "healthy" : "degraded";
    }
}
