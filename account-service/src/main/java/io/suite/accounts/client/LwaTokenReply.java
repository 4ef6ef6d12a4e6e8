package io.suite.accounts.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** LWA token reply; refresh_token may be absent on a refresh (keep the old one then). toString hides the tokens. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LwaTokenReply(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("scope") String scope) {

    @Override
    public String toString() {
        return "LwaTokenReply[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", refreshToken="
                + (refreshToken == null ? "absent" : "present") + "]";
    }
}
