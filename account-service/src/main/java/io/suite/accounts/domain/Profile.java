package io.suite.accounts.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** A user's advertising profile as stored from GET /v2/profiles of one region. */
public record Profile(long profileId, String region, String countryCode, String currencyCode, BigDecimal dailyBudget,
        String timezone, String marketplaceStringId, String accountInfoId, String accountType, String accountName,
        String accountSubType, Boolean validPaymentMethod, Instant syncedAt) {
}
