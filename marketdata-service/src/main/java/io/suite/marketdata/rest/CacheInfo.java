package io.suite.marketdata.rest;

import java.time.Instant;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.marketdata.service.Cached;
import jakarta.ws.rs.core.Response;

/** Where the data came from and how old it is; {@code stale} data is the last good data served during trouble. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "Cache provenance of the data")
public record CacheInfo(
        @Schema(description = "upstream, memory or database", example = "memory") String source,
        @Schema(description = "true when the upstream could not be asked and older data is served", example = "false") boolean stale,
        @Schema(description = "true unless fetched from the upstream for this request", example = "true") boolean fromCache,
        @Schema(example = "4") long ageSeconds,
        @Schema(example = "2024-01-19T15:30:00Z") Instant fetchedAt) {

    static CacheInfo of(Cached<?> c) {
        return new CacheInfo(c.source().name().toLowerCase(Locale.ROOT), c.stale(), c.source() != Cached.Source.UPSTREAM,
                c.ageSeconds(), c.fetchedAt());
    }

    /** The HTTP Age header tells caches and clients the same thing. */
    static Response.ResponseBuilder withHeaders(Response.ResponseBuilder builder, Cached<?> c) {
        builder.header("Age", c.ageSeconds());
        if (c.stale()) {
            builder.header("Warning", "110 - \"Response is Stale\"");
        }
        return builder;
    }
}
