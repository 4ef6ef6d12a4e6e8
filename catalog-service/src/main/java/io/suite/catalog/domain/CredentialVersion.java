package io.suite.catalog.domain;

import java.net.URI;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Creators API credential versions as Amazon's SDK 1.2.0 knows them ({@code OAuth2Config}): 2.x are Cognito user pools
 * (form body, scope {@code creatorsapi/default}, calls carry {@code Authorization: Bearer <token>, Version <version>}),
 * 3.x are Login with Amazon (JSON body, scope {@code creatorsapi::default}, plain {@code Bearer <token>}). x.1 is North
 * America, x.2 Europe, x.3 the Far East.
 */
public enum CredentialVersion {

    V2_1("2.1", StoreRegion.NA, "https://creatorsapi.auth.us-east-1.amazoncognito.com/oauth2/token"),
    V2_2("2.2", StoreRegion.EU, "https://creatorsapi.auth.eu-south-2.amazoncognito.com/oauth2/token"),
    V2_3("2.3", StoreRegion.FE, "https://creatorsapi.auth.us-west-2.amazoncognito.com/oauth2/token"),
    V3_1("3.1", StoreRegion.NA, "https://api.amazon.com/auth/o2/token"),
    V3_2("3.2", StoreRegion.EU, "https://api.amazon.co.uk/auth/o2/token"),
    V3_3("3.3", StoreRegion.FE, "https://api.amazon.co.jp/auth/o2/token");

    public static final String COGNITO_SCOPE = "creatorsapi/default";
    public static final String LWA_SCOPE = "creatorsapi::default";

    private final String label;
    private final StoreRegion region;
    private final URI tokenUrl;

    CredentialVersion(String label, StoreRegion region, String tokenUrl) {
        this.label = label;
        this.region = region;
        this.tokenUrl = URI.create(tokenUrl);
    }

    public static CredentialVersion of(String label) {
        for (CredentialVersion v : values()) {
            if (v.label.equals(label == null ? null : label.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported Creators API credential version '" + label + "': use one of "
                + Arrays.stream(values()).map(CredentialVersion::label).collect(Collectors.joining(", ")));
    }

    public String label() {
        return label;
    }

    public StoreRegion region() {
        return region;
    }

    /** Amazon's token endpoint for this version. */
    public URI tokenUrl() {
        return tokenUrl;
    }

    /** Login with Amazon (3.x): JSON body, no Version in the Authorization header. */
    public boolean lwa() {
        return label.startsWith("3.");
    }

    public String scope() {
        return lwa() ? LWA_SCOPE : COGNITO_SCOPE;
    }

    /** The Authorization header value of a Creators API call made with a token of this version. */
    public String authorization(String token) {
        return lwa() ? "Bearer " + token : "Bearer " + token + ", Version " + label;
    }

    @Override
    public String toString() {
        return label;
    }
}
