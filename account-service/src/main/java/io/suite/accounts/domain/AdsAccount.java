package io.suite.accounts.domain;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One ads account as /adsAccounts returns it; {@code raw} keeps the whole record for fields we do not model yet. */
public record AdsAccount(String adsAccountId, String accountName, String status, List<String> countryCodes,
        List<Long> profileIds, JsonNode raw) {
}
