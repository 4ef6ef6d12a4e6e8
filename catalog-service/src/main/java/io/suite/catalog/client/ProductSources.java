package io.suite.catalog.client;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.domain.ProductSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the {@link ProductSource} adapter by {@code catalog.source}; a missing credential stops start-up. */
@ApplicationScoped
public class ProductSources {

    private static final Logger LOG = Logger.getLogger(ProductSources.class);

    private final CatalogConfig config;
    private final PaapiProductSource paapi;
    private final CreatorsProductSource creators;

    public ProductSources(CatalogConfig config, PaapiProductSource paapi, CreatorsProductSource creators) {
        this.config = config;
        this.paapi = paapi;
        this.creators = creators;
    }

    @Produces
    @Singleton
    ProductSource active() {
        return switch (config.source()) {
            case PaapiProductSource.NAME -> paapi;
            case CreatorsProductSource.NAME -> creators;
            default -> throw new IllegalStateException("catalog.source must be paapi or creators, not '" + config.source() + "'");
        };
    }

    void check(@Observes StartupEvent event) {
        switch (config.source()) {
            case PaapiProductSource.NAME -> paapi.checkConfigured();
            case CreatorsProductSource.NAME -> creators.checkConfigured();
            default -> throw new IllegalStateException("catalog.source must be paapi or creators, not '" + config.source() + "'");
        }
        LOG.infof("product data source: %s", config.source());
    }
}
