package io.suite.catalog.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import io.suite.catalog.domain.CredentialVersion;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.Store;
import io.suite.catalog.domain.StoreRegion;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.resilience.budget.Limit;
import io.suite.resilience.budget.RateBudgets;
import io.suite.resilience.budget.SubjectQuotas;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The configured associate stores ({@code catalog.stores.<id>.*}), checked at start-up and looked up by marketplace.
 * Each store gets its own shared rate budget ({@code product-data-<id>}): Amazon's quota belongs to the credential.
 */
@ApplicationScoped
public class Stores {

    private static final Logger LOG = Logger.getLogger(Stores.class);
    static final String BUDGET_PREFIX = "product-data-";

    private final CatalogConfig config;
    private final RateBudgets budgets;
    private final SubjectQuotas quotas;
    private final MarketplaceRepository marketplaces;
    private volatile Map<String, Store> byMarketplace = Map.of();
    private volatile List<Store> all = List.of();

    public Stores(CatalogConfig config, RateBudgets budgets, SubjectQuotas quotas, MarketplaceRepository marketplaces) {
        this.config = config;
        this.budgets = budgets;
        this.quotas = quotas;
        this.marketplaces = marketplaces;
    }

    /** Reads and checks the stores against the known marketplaces and defines their budgets; a mistake stops start-up. */
    public void load() {
        Map<String, Marketplace> known = marketplaces.all().await().atMost(Duration.ofSeconds(30));
        List<Store> stores = parse(config, known);
        Map<String, Store> index = new TreeMap<>();
        for (Store store : stores) {
            List<Limit> limits = config.stores().get(store.id()).budget().stream().map(Limit::parse).toList();
            budgets.define(store.budget(), limits).await().atMost(Duration.ofSeconds(30));
            // an admin's imports (calls made for a subject) take at most this share; the refresh worker has none
            quotas.share(store.budget(), limits, config.imports().adminShare(), config.imports().adminShareMaxWait());
            store.partnerTags().keySet().forEach(mp -> index.put(mp, store));
            LOG.infof("store %s (%s): marketplaces %s, budget %s", store.id(),
                    store.version() == null ? "PA-API keys" : "Creators credential " + store.version(),
                    store.partnerTags().keySet(), config.stores().get(store.id()).budget());
        }
        all = List.copyOf(stores);
        byMarketplace = Map.copyOf(index);
    }

    /** The store serving a marketplace, if any. */
    public Optional<Store> forMarketplace(String marketplace) {
        return Optional.ofNullable(marketplace == null ? null : byMarketplace.get(marketplace.toLowerCase(Locale.ROOT)));
    }

    public Collection<Store> all() {
        return all;
    }

    /** Builds the stores of the selected source, or fails naming the first setting that is missing or wrong. */
    static List<Store> parse(CatalogConfig config, Map<String, Marketplace> known) {
        String source = config.source();
        boolean creators = "creators".equals(source);
        if (config.stores().isEmpty()) {
            throw new IllegalStateException("catalog.source=" + source + " needs at least one store: set catalog.stores.<id>.*, e.g. "
                    + (creators
                            ? "CATALOG_STORES_US_CREDENTIAL_ID, CATALOG_STORES_US_CREDENTIAL_SECRET, CATALOG_STORES_US_CREDENTIAL_VERSION"
                            : "CATALOG_STORES_US_ACCESS_KEY, CATALOG_STORES_US_SECRET_KEY")
                    + " and CATALOG_STORES_US_PARTNER_TAGS=www.amazon.com=yourstore-20 (k8s/CONFIG.md)");
        }
        List<Store> stores = new ArrayList<>();
        Map<String, String> servedBy = new TreeMap<>();
        new TreeMap<>(config.stores()).forEach((id, s) -> {
            if (!id.matches("[a-z0-9][a-z0-9-]{0,30}")) {
                throw new IllegalStateException("catalog.stores." + id + ": a store id is 1 to 31 lower-case letters, digits or '-'");
            }
            CredentialVersion version = null;
            if (creators) {
                require(source, id, "credential-id", s.credentialId());
                require(source, id, "credential-secret", s.credentialSecret());
                require(source, id, "credential-version", s.credentialVersion());
            } else {
                require(source, id, "access-key", s.accessKey());
                require(source, id, "secret-key", s.secretKey());
            }
            if (s.credentialVersion().isPresent()) {
                // a store may hold both kinds of credential; a Creators one must be right even while PA-API is selected
                try {
                    version = CredentialVersion.of(s.credentialVersion().get());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(key(id, "credential-version") + ": " + e.getMessage());
                }
            }
            Map<String, String> tags = new LinkedHashMap<>();
            for (String pair : s.partnerTags()) {
                int eq = pair.indexOf('=');
                String marketplace = eq < 0 ? "" : pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String tag = eq < 0 ? "" : pair.substring(eq + 1).trim();
                if (marketplace.isEmpty() || tag.isEmpty()) {
                    throw new IllegalStateException(key(id, "partner-tags") + ": '" + pair + "' is not marketplace=tracking-id"
                            + " (e.g. www.amazon.com=yourstore-20)");
                }
                Marketplace mp = known.get(marketplace);
                if (mp == null) {
                    throw new IllegalStateException(key(id, "partner-tags") + ": " + marketplace + " is not a known marketplace");
                }
                if (tag.length() > 64) {
                    throw new IllegalStateException(
                            key(id, "partner-tags") + ": the tag of " + marketplace + " is longer than 64 characters");
                }
                StoreRegion region = StoreRegion.ofPaapiRegion(mp.paapiRegion());
                if (version != null && version.region() != region) {
                    throw new IllegalStateException(key(id, "partner-tags") + ": " + marketplace + " is in region " + region
                            + ", but credential version " + version + " is valid in " + version.region() + " only");
                }
                String other = servedBy.putIfAbsent(marketplace, id);
                if (other != null) {
                    throw new IllegalStateException(marketplace + " is served by two stores (" + other + ", " + id
                            + "): a marketplace needs exactly one partner tag");
                }
                tags.put(marketplace, tag);
            }
            if (tags.isEmpty()) {
                throw new IllegalStateException(key(id, "partner-tags") + " (" + env(id, "partner-tags") + ") is empty: name the "
                        + "marketplaces this store serves with their tracking ids, e.g. www.amazon.com=yourstore-20");
            }
            try {
                s.budget().forEach(Limit::parse);
            } catch (RuntimeException e) {
                throw new IllegalStateException(key(id, "budget") + ": " + e.getMessage());
            }
            stores.add(new Store(id, s.credentialId().orElse(null), s.credentialSecret().orElse(null), version,
                    s.tokenUrl().orElse(null), s.accessKey().orElse(null), s.secretKey().orElse(null), Map.copyOf(tags),
                    BUDGET_PREFIX + id));
        });
        return stores;
    }

    private static void require(String source, String id, String name, Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            throw new IllegalStateException("catalog.source=" + source + " needs " + key(id, name) + " (" + env(id, name)
                    + "); it is not set");
        }
    }

    private static String key(String id, String name) {
        return "catalog.stores." + id + "." + name;
    }

    static String env(String id, String name) {
        return ("CATALOG_STORES_" + id + "_" + name).toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
