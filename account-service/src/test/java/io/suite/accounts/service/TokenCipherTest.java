package io.suite.accounts.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class TokenCipherTest {

    static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void roundTripsAndHidesThePlaintext() {
        TokenCipher cipher = new TokenCipher(newKey(), List.of());
        // test-only fake, shaped like the example in Amazon's LWA docs: never a real credential
        String token = "Atzr|IQEBLzAtAhRPpMJxdwVz2Nn6f2y-tpJX2DeX";
        byte[] sealed = cipher.encrypt(token, "oauth_tokens:u1:refresh");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Atzr");
        assertThat(cipher.decrypt(sealed, cipher.currentKeyId(), "oauth_tokens:u1:refresh")).isEqualTo(token);
        // a fresh nonce each time: equal tokens never give equal ciphertexts
        assertThat(cipher.encrypt(token, "oauth_tokens:u1:refresh")).isNotEqualTo(sealed);
    }

    @Test
    void aCiphertextMovedToAnotherUserOrPurposeDoesNotDecrypt() {
        TokenCipher cipher = new TokenCipher(newKey(), List.of());
        byte[] sealed = cipher.encrypt("Atza|secret", "oauth_tokens:u1:access");
        assertThatThrownBy(() -> cipher.decrypt(sealed, cipher.currentKeyId(), "oauth_tokens:u2:access"))
                .hasMessageNotContaining("Atza");
        assertThatThrownBy(() -> cipher.decrypt(sealed, cipher.currentKeyId(), "oauth_tokens:u1:refresh"))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, cipher.currentKeyId(), "oauth_tokens:u1:access"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotationKeepsOldRowsReadableByKeyId() {
        String oldKey = newKey();
        TokenCipher before = new TokenCipher(oldKey, List.of());
        byte[] sealed = before.encrypt("Atzr|old", "aad");
        TokenCipher after = new TokenCipher(newKey(), List.of(oldKey));
        assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(after.decrypt(sealed, before.currentKeyId(), "aad")).isEqualTo("Atzr|old");
        TokenCipher forgotten = new TokenCipher(newKey(), List.of());
        assertThatThrownBy(() -> forgotten.decrypt(sealed, before.currentKeyId(), "aad"))
                .hasMessageContaining(before.currentKeyId()).hasMessageContaining("previous-keys");
    }

    @Test
    void refusesKeysThatAreNotAes256() {
        assertThatThrownBy(() -> new TokenCipher(Base64.getEncoder().encodeToString(new byte[16]), List.of()))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new TokenCipher("not base64!", List.of())).hasMessageContaining("base64");
    }
}
