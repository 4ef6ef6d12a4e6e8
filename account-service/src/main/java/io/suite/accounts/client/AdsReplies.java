package io.suite.accounts.client;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed replies of the Ads API, with the vendor's field names. Accounts and profiles arrive as their whole vendor
 * records ({@link JsonNode}), since we store them as they are for fields we do not model yet; their fields are read
 * through {@link Account} and {@link Profile}.
 */
final class AdsReplies {

    private AdsReplies() {
    }

    /**
     * {@code POST /adsAccounts/list}: the OpenAPI shape {@code {"adsAccounts":[...],"nextToken":...}}, or the guide's
     * bare array of {@code {"adsAccount":{...}}} entries (one page, no token). Entries may be wrapped either way.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AdsPage(List<JsonNode> adsAccounts, String nextToken) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        AdsPage(@JsonProperty("adsAccounts") List<JsonNode> adsAccounts, @JsonProperty("nextToken") String nextToken) {
            this.adsAccounts = adsAccounts == null ? List.of() : adsAccounts;
            this.nextToken = nextToken;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static AdsPage of(List<JsonNode> entries) {
            return new AdsPage(entries, null);
        }
    }

    /** {@code alternateIds[]} of an account: a profile id per country (entity ids are not read). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AlternateId(Long profileId) {
    }

    /** One ads account's fields. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Account(String adsAccountId, String accountName, String status, List<String> countryCodes,
            List<AlternateId> alternateIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccountInfo(String marketplaceStringId, String id, String type, String name, String subType,
            Boolean validPaymentMethod) {
    }

    /** One element of {@code GET /v2/profiles}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Profile(long profileId, String countryCode, String currencyCode, BigDecimal dailyBudget, String timezone,
            AccountInfo accountInfo) {
    }
}
