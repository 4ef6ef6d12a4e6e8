package io.suite.sandbox.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.suite.sandbox.config.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The sandbox's associate stores, one per region (NA, EU, FE), as Amazon ties credentials and tags to stores: PA-API
 * keys and a Creators API credential are valid for their store's marketplaces only, and each marketplace has its own
 * tracking id ({@code suite-20} for www.amazon.com, {@code suite-<country>-2x} elsewhere: -20 NA, -21 EU, -22 FE).
 * SANDBOX-ONLY fake credentials.
 */
@ApplicationScoped
public class AssociateStores {

    public record Store(String region, String paapiAccessKey, String paapiSecretKey, String creatorsId, String creatorsSecret) {
        /** The Creators credential version a token of this store's credential gets at Cognito (2.x) or LWA (3.x). */
        public String version(boolean lwa) {
            return (lwa ? "3." : "2.") + switch (region) {
                case "EU" -> "2";
                case "FE" -> "3";
                default -> "1";
            };
        }
    }

    private final SandboxConfig config;
    private final List<Store> stores;

    @Inject
    public AssociateStores(SandboxConfig config) {
        this.config = config;
        SandboxConfig.Paapi p = config.paapi();
        SandboxConfig.Creators c = config.creators();
        stores = List.of(new Store("NA", p.accessKey(), p.secretKey(), c.credentialId(), c.credentialSecret()),
                new Store("EU", p.euAccessKey(), p.euSecretKey(), c.euCredentialId(), c.euCredentialSecret()),
                new Store("FE", p.feAccessKey(), p.feSecretKey(), c.feCredentialId(), c.feCredentialSecret()));
    }

    public List<Store> all() {
        return stores;
    }

    public Optional<Store> byRegion(String region) {
        return stores.stream().filter(s -> s.region().equals(region)).findFirst();
    }

    public Optional<Store> byPaapiKey(String accessKey) {
        return stores.stream().filter(s -> s.paapiAccessKey().equals(accessKey)).findFirst();
    }

    public Optional<Store> byCreatorsCredential(String id, String secret) {
        return stores.stream().filter(s -> s.creatorsId().equals(id) && s.creatorsSecret().equals(secret)).findFirst();
    }

    public Optional<Store> byCreatorsId(String id) {
        return stores.stream().filter(s -> s.creatorsId().equals(id)).findFirst();
    }

    /** The tracking id of a marketplace's store. */
    public String partnerTag(Marketplace mp) {
        if (mp.name().equals("www.amazon.com")) {
            return config.paapi().partnerTag();
        }
        String suffix = switch (mp.storeRegion()) {
            case "EU" -> "-21";
            case "FE" -> "-22";
            default -> "-20";
        };
        return "suite-" + mp.country() + suffix;
    }

    /** Whether {@code tag} is the tracking id of {@code mp} in {@code store}: the store must serve the marketplace. */
    public boolean tagValid(Store store, Marketplace mp, String tag) {
        return store.region().equals(mp.storeRegion()) && partnerTag(mp).equals(tag);
    }

    /** Marketplace → tracking id, for {@code /_control/data}. */
    public Map<String, String> tags() {
        Map<String, String> out = new LinkedHashMap<>();
        Marketplace.all().forEach(m -> out.put(m.name(), partnerTag(m)));
        return out;
    }
}
