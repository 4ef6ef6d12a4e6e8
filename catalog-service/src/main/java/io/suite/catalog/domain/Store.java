package io.suite.catalog.domain;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * An Amazon Associates store as the catalog uses it: one credential (Creators API id, secret and version, or PA-API
 * keys) and the partner tag (tracking id) of each marketplace it serves, with its own shared request budget.
 * {@code toString} never shows a secret.
 *
 * @param budget name of this store's shared rate budget (shared-resilience RateBudgets)
 */
public record Store(String id, String credentialId, String credentialSecret, CredentialVersion version, URI tokenUrl,
        String accessKey, String secretKey, Map<String, String> partnerTags, String budget) {

    /** The tracking id for a marketplace this store serves. */
    public Optional<String> partnerTag(String marketplace) {
        return Optional.ofNullable(partnerTags.get(marketplace));
    }

    /** The tracking id for a marketplace this store must serve (the caller chose the store by its marketplace). */
    public String requirePartnerTag(String marketplace) {
        return partnerTag(marketplace).orElseThrow(
                () -> new IllegalArgumentException("store " + id + " does not serve " + marketplace));
    }

    /** The Creators token endpoint: the configured override, else the version's own. */
    public URI creatorsTokenUrl() {
        return tokenUrl != null ? tokenUrl : version.tokenUrl();
    }

    @Override
    public String toString() {
        return "Store[" + id + ", version=" + version + ", partnerTags=" + partnerTags + ", budget=" + budget + "]";
    }
}
