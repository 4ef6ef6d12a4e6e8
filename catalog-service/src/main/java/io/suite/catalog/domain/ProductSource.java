package io.suite.catalog.domain;

import java.util.List;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

/**
 * The port to Amazon's product data. Two adapters, chosen by {@code catalog.source}: the Creators API (live, the
 * default) and PA-API 5.0 (retired, for operators who still hold its keys). Both are guarded by shared-resilience and
 * answer the same model.
 */
public interface ProductSource {

    /** The upstream (and guard) name: {@code creators} or {@code paapi}. */
    String name();

    /**
     * GetItems for up to 10 ASINs of one marketplace (ten cost one request), with the credential, partner tag and
     * budget of the store that serves the marketplace.
     *
     * @param stats counts the attempts the guard made, for the refresh job's retry count
     */
    Uni<FetchResult> getItems(Store store, Marketplace marketplace, List<String> asins, CallStats stats);

    CircuitBreakerState breakerState();
}
