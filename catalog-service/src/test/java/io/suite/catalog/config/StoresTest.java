package io.suite.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.suite.catalog.client.ProductSources;
import io.suite.catalog.domain.CredentialVersion;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.Store;

/**
 * The catalog's product-data settings as an operator writes them (properties or environment variables), without a
 * boot: the default source, every credential version, stores per region and marketplace, and the start-up checks.
 */
class StoresTest {

    static final Map<String, Marketplace> KNOWN = Map.of(
            "www.amazon.com", mp("www.amazon.com", "us-east-1"), "www.amazon.ca", mp("www.amazon.ca", "us-east-1"),
            "www.amazon.de", mp("www.amazon.de", "eu-west-1"), "www.amazon.co.uk", mp("www.amazon.co.uk", "eu-west-1"),
            "www.amazon.pl", mp("www.amazon.pl", "eu-west-1"), "www.amazon.co.jp", mp("www.amazon.co.jp", "us-west-2"));

    static Marketplace mp(String code, String region) {
        return new Marketplace(UUID.randomUUID(), code, code, "USD", code.replace("www.", "webservices."), region);
    }

    static CatalogConfig config(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(CatalogConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300)).build();
        return config.getConfigMapping(CatalogConfig.class);
    }

    static CatalogConfig config(Map<String, String> properties) {
        return config(properties, Map.of());
    }

    static Map<String, String> usStore(String version) {
        Map<String, String> p = new HashMap<>();
        p.put("catalog.stores.us.credential-id", "id-us");
        p.put("catalog.stores.us.credential-secret", "secret-us");
        p.put("catalog.stores.us.credential-version", version);
        p.put("catalog.stores.us.partner-tags", "www.amazon.com=mystore-20,www.amazon.ca=mystore0c-20");
        return p;
    }

    @Test
    void theCreatorsApiIsTheDefaultSource() {
        assertThat(config(Map.of()).source()).isEqualTo("creators");
    }

    @Test
    void everyCredentialVersionOfAmazonsSdkIsAcceptedWithItsOwnTokenEndpoint() {
        Map<String, String> expected = Map.of(
                "2.1", "https://creatorsapi.auth.us-east-1.amazoncognito.com/oauth2/token",
                "2.2", "https://creatorsapi.auth.eu-south-2.amazoncognito.com/oauth2/token",
                "2.3", "https://creatorsapi.auth.us-west-2.amazoncognito.com/oauth2/token",
                "3.1", "https://api.amazon.com/auth/o2/token",
                "3.2", "https://api.amazon.co.uk/auth/o2/token",
                "3.3", "https://api.amazon.co.jp/auth/o2/token");
        Map<String, String> marketplaceOf = Map.of("1", "www.amazon.com", "2", "www.amazon.de", "3", "www.amazon.co.jp");
        expected.forEach((version, url) -> {
            Map<String, String> p = usStore(version);
            p.put("catalog.stores.us.partner-tags", marketplaceOf.get(version.substring(2)) + "=mystore-2" + version.charAt(2));
            Store store = Stores.parse(config(p), KNOWN).get(0);
            assertThat(store.version().label()).isEqualTo(version);
            assertThat(store.creatorsTokenUrl()).as("token URL of " + version).hasToString(url);
        });
    }

    @Test
    void versionsDecideBodyScopeAndAuthorizationHeader() {
        for (CredentialVersion v : List.of(CredentialVersion.V2_1, CredentialVersion.V2_2, CredentialVersion.V2_3)) {
            assertThat(v.lwa()).isFalse();
            assertThat(v.scope()).isEqualTo("creatorsapi/default");
            assertThat(v.authorization("tok")).isEqualTo("Bearer tok, Version " + v.label());
        }
        for (CredentialVersion v : List.of(CredentialVersion.V3_1, CredentialVersion.V3_2, CredentialVersion.V3_3)) {
            assertThat(v.lwa()).isTrue();
            assertThat(v.scope()).isEqualTo("creatorsapi::default");
            assertThat(v.authorization("tok")).isEqualTo("Bearer tok");
        }
    }

    @Test
    void aStoreCanBeConfiguredEntirelyThroughEnvironmentVariables() {
        Map<String, String> env = Map.of("CATALOG_STORES_US_CREDENTIAL_ID", "env-id", "CATALOG_STORES_US_CREDENTIAL_SECRET", "env-secret",
                "CATALOG_STORES_US_CREDENTIAL_VERSION", "3.1", "CATALOG_STORES_US_PARTNER_TAGS", "www.amazon.com=env-20",
                "CATALOG_STORES_US_TOKEN_URL", "http://127.0.0.1:8090/lwa/auth/o2/token", "CATALOG_STORES_US_BUDGET", "1/50ms");
        Map<String, String> properties = Map.of("catalog.stores.us.credential-id", "overridden");

        CatalogConfig config = config(properties, env);
        Store store = Stores.parse(config, KNOWN).get(0);

        assertThat(store.credentialId()).isEqualTo("env-id");
        assertThat(store.partnerTag("www.amazon.com")).contains("env-20");
        assertThat(store.creatorsTokenUrl()).hasToString("http://127.0.0.1:8090/lwa/auth/o2/token");
        assertThat(config.stores().get("us").budget()).containsExactly("1/50ms");
        assertThat(store.toString()).doesNotContain("env-secret");
    }

    @Test
    void twoStoresSplitTheirMarketplacesAndBudgets() {
        Map<String, String> p = usStore("3.1");
        p.put("catalog.stores.de.credential-id", "id-eu");
        p.put("catalog.stores.de.credential-secret", "secret-eu");
        p.put("catalog.stores.de.credential-version", "2.2");
        p.put("catalog.stores.de.partner-tags", "www.amazon.de=mystore-21,www.amazon.pl=mystore0pl-21");

        List<Store> stores = Stores.parse(config(p), KNOWN);

        assertThat(stores).extracting(Store::id).containsExactly("de", "us");
        assertThat(stores).extracting(Store::budget).containsExactly("product-data-de", "product-data-us");
        assertThat(stores.get(0).partnerTag("www.amazon.pl")).contains("mystore0pl-21");
        assertThat(stores.get(1).partnerTag("www.amazon.de")).isEmpty();
    }

    @Test
    void mistakesStopStartUpNamingTheSetting() {
        assertThatThrownBy(() -> Stores.parse(config(Map.of()), KNOWN)).hasMessageContaining("at least one store")
                .hasMessageContaining("CATALOG_STORES_US_CREDENTIAL_ID");

        Map<String, String> noSecret = usStore("3.1");
        noSecret.remove("catalog.stores.us.credential-secret");
        assertThatThrownBy(() -> Stores.parse(config(noSecret), KNOWN))
                .hasMessageContaining("catalog.stores.us.credential-secret (CATALOG_STORES_US_CREDENTIAL_SECRET)");

        assertThatThrownBy(() -> Stores.parse(config(usStore("4.0")), KNOWN))
                .hasMessageContaining("catalog.stores.us.credential-version").hasMessageContaining("2.1, 2.2, 2.3, 3.1, 3.2, 3.3");

        Map<String, String> wrongRegion = usStore("3.2");
        assertThatThrownBy(() -> Stores.parse(config(wrongRegion), KNOWN))
                .hasMessageContaining("www.amazon.com is in region NA, but credential version 3.2 is valid in EU only");

        Map<String, String> unknown = usStore("3.1");
        unknown.put("catalog.stores.us.partner-tags", "www.amazon.moon=x-20");
        assertThatThrownBy(() -> Stores.parse(config(unknown), KNOWN)).hasMessageContaining("www.amazon.moon is not a known marketplace");

        Map<String, String> notAPair = usStore("3.1");
        notAPair.put("catalog.stores.us.partner-tags", "mystore-20");
        assertThatThrownBy(() -> Stores.parse(config(notAPair), KNOWN)).hasMessageContaining("is not marketplace=tracking-id");

        Map<String, String> twice = usStore("3.1");
        twice.put("catalog.stores.ca.credential-id", "id-ca");
        twice.put("catalog.stores.ca.credential-secret", "secret-ca");
        twice.put("catalog.stores.ca.credential-version", "2.1");
        twice.put("catalog.stores.ca.partner-tags", "www.amazon.ca=other-20");
        assertThatThrownBy(() -> Stores.parse(config(twice), KNOWN)).hasMessageContaining("www.amazon.ca is served by two stores");

        Map<String, String> paapiWithoutKeys = usStore("3.1");
        paapiWithoutKeys.put("catalog.source", "paapi");
        assertThatThrownBy(() -> Stores.parse(config(paapiWithoutKeys), KNOWN))
                .hasMessageContaining("catalog.source=paapi needs catalog.stores.us.access-key (CATALOG_STORES_US_ACCESS_KEY)");
    }

    @Test
    void aBatchAboveTenItemIdsStopsStartUp() {
        Map<String, String> p = usStore("3.1");
        p.put("catalog.refresh.batch-size", "11");
        assertThatThrownBy(() -> ProductSources.checkSettings(config(p)))
                .hasMessageContaining("catalog.refresh.batch-size (CATALOG_REFRESH_BATCH_SIZE) is 11")
                .hasMessageContaining("1 to 10 item ids");
        p.put("catalog.refresh.batch-size", "10");
        ProductSources.checkSettings(config(p));
        assertThat(ProductSources.MAX_ITEM_IDS).isEqualTo(10);
    }
}
