package io.suite.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Fleet tokens outside Quarkus (as the suite and fault tests use them): RS256 over the expected claims. */
class FleetTokensTest {

    private final KeyPair keys = FleetTokens.newKeyPair();
    private final UUID user = UUID.randomUUID();

    @Test
    void signsTheClaimsWithRs256() throws Exception {
        String token = new FleetTokens(keys.getPrivate(), "https://suite.local", "suite").sign(user, 1000, 4600, "user", "admin");

        String[] parts = token.split("\\.");
        assertThat(decode(parts[0])).contains("\"alg\":\"RS256\"").contains("\"typ\":\"JWT\"");
        assertThat(decode(parts[1])).contains("\"iss\":\"https://suite.local\"").contains("\"aud\":\"suite\"")
                .contains("\"sub\":\"" + user + "\"").contains("\"upn\":\"" + user + "\"").contains("\"iat\":1000")
                .contains("\"exp\":4600").contains("\"user\"").contains("\"admin\"").contains("\"groups\"");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void anUnsignedTokenKeepsTheClaimsUnderAlgNone() {
        String signed = new FleetTokens(keys.getPrivate(), "https://suite.local", "suite").sign(user, 1000, 4600, "user");

        String unsigned = FleetTokens.unsigned(signed);

        assertThat(unsigned).endsWith(".");
        String[] parts = unsigned.split("\\.");
        assertThat(parts).hasSize(2);
        assertThat(decode(parts[0])).contains("\"alg\":\"none\"");
        assertThat(parts[1]).isEqualTo(signed.split("\\.")[1]);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
