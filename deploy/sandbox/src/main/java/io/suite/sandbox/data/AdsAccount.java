package io.suite.sandbox.data;

import java.util.List;
import java.util.Map;

/**
 * An ads account as {@code /adsAccounts} returns it, plus the profiles it owns.
 *
 * @param type seller | vendor | agency (the profile's accountInfo.type)
 */
public record AdsAccount(
        String adsAccountId,
        String accountName,
        String status,
        List<Country> countries,
        List<AlternateId> alternateIds,
        Map<String, List<AccountError>> errors,
        String type,
        String entityOrMerchantId,
        List<Profile> profiles) {

    public record AlternateId(String countryCode, Long profileId, String entityId) {
    }

    public record AccountError(String errorCode, long errorId, String errorMessage) {
    }

    /** A row of {@code GET /v2/profiles}. {@code accessLevel} is edit or view. */
    public record Profile(long profileId, Country country, boolean validPaymentMethod, String accessLevel) {
    }
}
