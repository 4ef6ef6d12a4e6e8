package io.suite.catalog.domain;

import java.util.List;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

/**
 * The port to Amazon's product data. Two adapters, chosen by {@code catalog.source}: PA-API 5.0 (the seed's
 * contract) and the Creators API (its live successor). Both are guarded by shared-resilience and answer the same model.
 */
public interface ProductSource {

    /** The upstream (and guard) name: {@code paapi} or {@code creators}. */
    String name();

    /**
     * GetItems for up to 10 ASINs of one marketplace (ten cost one request).
     *
     * @param stats counts the attempts the guard made, for the refresh job's retry count
     */
    Uni<FetchResult> getItems(Marketplace marketplace, List<String> asins, CallStats stats);

    CircuitBreakerState breakerState();
}
