package io.suite.catalog.client;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.ProductSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Chooses the {@link ProductSource} adapter by {@code catalog.source} and checks the product-data settings at start-up:
 * a missing credential, a wrong version, a marketplace outside its credential's region or a batch above 10 item ids
 * stops start-up with a message naming the setting.
 */
@ApplicationScoped
public class ProductSources {

    private static final Logger LOG = Logger.getLogger(ProductSources.class);
    /** GetItems of PA-API 5.0 and of the Creators API both take at most 10 item ids. */
    public static final int MAX_ITEM_IDS = 10;

    private final CatalogConfig config;
    private final PaapiProductSource paapi;
    private final CreatorsProductSource creators;
    private final Stores stores;

    public ProductSources(CatalogConfig config, PaapiProductSource paapi, CreatorsProductSource creators, Stores stores) {
        this.config = config;
        this.paapi = paapi;
        this.creators = creators;
        this.stores = stores;
    }

    @Produces
    @Singleton
    ProductSource active() {
        return switch (checkedSource(config)) {
            case PaapiProductSource.NAME -> paapi;
            default -> creators;
        };
    }

    void check(@Observes StartupEvent event) {
        checkSettings(config);
        stores.load();
        LOG.infof("product data source: %s, %d store(s)", config.source(), stores.all().size());
    }

    /** The checks that need no database; {@link Stores#load} does the rest. */
    public static void checkSettings(CatalogConfig config) {
        checkedSource(config);
        int batch = config.refresh().batchSize();
        if (batch < 1 || batch > MAX_ITEM_IDS) {
            throw new IllegalStateException("catalog.refresh.batch-size (CATALOG_REFRESH_BATCH_SIZE) is " + batch
                    + ": GetItems takes 1 to " + MAX_ITEM_IDS + " item ids per call, in PA-API 5.0 and in the Creators API");
        }
    }

    private static String checkedSource(CatalogConfig config) {
        String source = config.source();
        if (!PaapiProductSource.NAME.equals(source) && !CreatorsProductSource.NAME.equals(source)) {
            throw new IllegalStateException("catalog.source (CATALOG_SOURCE) must be creators or paapi, not '" + source + "'");
        }
        return source;
    }
}
