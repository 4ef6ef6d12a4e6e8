package io.suite.catalog.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OAuth2 token reply. {@code toString} never shows the token. */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenReply(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("token_type") String tokenType) {

    @Override
    public String toString() {
        return "TokenReply[accessToken=***, expiresIn=" + expiresIn + ", tokenType=" + tokenType + "]";
    }
}
