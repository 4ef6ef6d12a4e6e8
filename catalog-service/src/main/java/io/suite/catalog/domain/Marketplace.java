package io.suite.catalog.domain;

import java.util.UUID;

/** An Amazon marketplace: its code ({@code www.amazon.com}), PA-API host and the SigV4 region that host signs with. */
public record Marketplace(UUID id, String code, String regionName, String currency, String paapiHost, String paapiRegion) {
}
