package io.suite.catalog.health;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.repository.MarketplaceRepository;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Component status of the catalog (seed SC-006): the database, the upstream's reachability and its breaker state.
 * Reachability is a TCP connect to the upstream host, which spends none of the request quota. The details (host,
 * breaker) are served on the management port only ({@link CatalogUpstreamHealthCheck}); the public endpoint says
 * healthy or degraded ({@link CatalogHealthResource}). Kubernetes probes use /q/health/live|ready, which never look at
 * the upstream.
 */
@ApplicationScoped
public class CatalogHealth {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Pool pool;
    private final ProductSource source;
    private final CatalogConfig config;
    private final Vertx vertx;
    private final Stores stores;
    private final MarketplaceRepository marketplaces;

    public CatalogHealth(Pool pool, ProductSource source, CatalogConfig config, Vertx vertx, Stores stores,
            MarketplaceRepository marketplaces) {
        this.pool = pool;
        this.source = source;
        this.config = config;
        this.vertx = vertx;
        this.stores = stores;
        this.marketplaces = marketplaces;
    }

    public record Component(String status, Map<String, Object> details) {
    }

    public record Health(String status, Map<String, Component> components) {
    }

    public Uni<Health> check() {
        Uni<Component> database = database();
        Uni<Component> upstream = upstream();
        return Uni.combine().all().unis(database, upstream).asTuple().map(t -> {
            Map<String, Component> components = new LinkedHashMap<>();
            components.put("database", t.getItem1());
            components.put("upstream", t.getItem2());
            String overall = components.values().stream().allMatch(c -> "UP".equals(c.status())) ? "UP" : "DEGRADED";
            return new Health(overall, components);
        });
    }

    private Uni<Component> database() {
        long started = System.nanoTime();
        return pool.query("select 1").execute()
                .map(rows -> new Component("UP", Map.<String, Object> of("latencyMs", (System.nanoTime() - started) / 1_000_000)))
                .ifNoItem().after(CHECK_TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> new Component("DOWN", Map.of("error", String.valueOf(e.getClass().getSimpleName()))));
    }

    private Uni<Component> upstream() {
        return target().flatMap(this::upstream).onFailure().recoverWithItem(e -> new Component("DOWN",
                Map.<String, Object> of("source", source.name(), "error", String.valueOf(e.getClass().getSimpleName()))));
    }

    private Uni<Component> upstream(URI target) {
        CircuitBreakerState breaker = source.breakerState();
        int port = target.getPort() > 0 ? target.getPort() : ("http".equals(target.getScheme()) ? 80 : 443);
        var client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) CHECK_TIMEOUT.toMillis()));
        return client.connect(port, target.getHost())
                .call(socket -> socket.close())
                .map(x -> true)
                .ifNoItem().after(CHECK_TIMEOUT).fail()
                .onFailure().recoverWithItem(false)
                .eventually(() -> client.close())
                .map(reachable -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("source", source.name());
                    d.put("host", target.getHost() + ":" + port);
                    d.put("reachable", reachable);
                    d.put("breaker", breaker.name().toLowerCase().replace('_', '-'));
                    boolean up = reachable && breaker != CircuitBreakerState.OPEN;
                    return new Component(up ? "UP" : "DOWN", d);
                });
    }

    /**
     * The host the source calls, from the same settings the client uses: the Creators REST client's URL; for PA-API the
     * configured endpoint, else the host of the first configured store's first marketplace (PA-API has one per region).
     */
    private Uni<URI> target() {
        if ("creators".equals(config.source())) {
            return Uni.createFrom().item(config.creators().url()
                    .orElseThrow(() -> new IllegalStateException("quarkus.rest-client.creators.url is not set")));
        }
        if (config.paapi().endpoint().isPresent()) {
            return Uni.createFrom().item(config.paapi().endpoint().get());
        }
        String marketplace = stores.all().stream().flatMap(s -> s.partnerTags().keySet().stream()).findFirst()
                .orElse(config.defaultMarketplace());
        return marketplaces.findByCode(marketplace).map(m -> m
                .map(found -> URI.create("https://" + found.paapiHost()))
                .orElseThrow(() -> new IllegalStateException("no PA-API host known for " + marketplace)));
    }
}
