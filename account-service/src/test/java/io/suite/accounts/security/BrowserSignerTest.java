package io.suite.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class BrowserSignerTest {

    /** The token key 0x00..0x1f. */
    static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void csrfTokensKeepTheWireFormatTheyWereIssuedIn() {
        // HMAC-SHA256(HMAC-SHA256(key, "oauth-state-signing"), "csrf.<user>.<issued-at>"), base64url without padding:
        // what TokenCipher.signState produced before signing moved here, so tokens already issued stay valid
        CsrfTokens csrf = new CsrfTokens(new BrowserSigner(KEY));
        UUID user = UUID.fromString("00000000-0000-0000-0000-000000000001");
        assertThat(csrf.tokenFor(user, 1_700_000_000L)).isEqualTo("nRyqoJxF16kWii_Cc5pnFwRvdtvupkZL3s5ijm54SXk");
        assertThat(csrf.valid(user, 1_700_000_000L, "nRyqoJxF16kWii_Cc5pnFwRvdtvupkZL3s5ijm54SXk")).isTrue();
        assertThat(csrf.valid(user, 1_700_000_001L, "nRyqoJxF16kWii_Cc5pnFwRvdtvupkZL3s5ijm54SXk")).isFalse();
    }

    @Test
    void verifiesOnlyItsOwnSignatureOfTheSamePayload() {
        BrowserSigner signer = new BrowserSigner(KEY);
        byte[] payload = "state-body".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = signer.sign(payload);
        assertThat(signer.verify(payload, signature)).isTrue();
        assertThat(signer.verify("state-bodz".getBytes(StandardCharsets.US_ASCII), signature)).isFalse();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThat(new BrowserSigner(Base64.getEncoder().encodeToString(otherKey)).verify(payload, signature)).isFalse();
    }
}
