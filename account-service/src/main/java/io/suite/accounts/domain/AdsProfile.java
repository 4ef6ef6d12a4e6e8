package io.suite.accounts.domain;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

import io.suite.accounts.domain.Region;

/** One advertising profile from GET /v2/profiles, tagged with the region whose host returned it. */
public record AdsProfile(long profileId, Region region, String countryCode, String currencyCode, BigDecimal dailyBudget,
        String timezone, String marketplaceStringId, String accountInfoId, String accountType, String accountName,
        String accountSubType, Boolean validPaymentMethod, JsonNode raw) {
}
