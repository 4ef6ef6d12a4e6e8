package io.suite.catalog.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.suite.catalog.support.SigV4Oracle;

/** The AWS SDK signer as PaapiSigner drives it: PA-API's scope, signed headers and payload hash. */
class PaapiSignerTest {

    // AWS's documented example credentials and time (UPSTREAMS.md §5)
    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    @Test
    void signsGetItemsWithProductAdvertisingApiScopeAndRegion() {
        byte[] body = "{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"suite-20\"}".getBytes(StandardCharsets.UTF_8);
        URI url = URI.create("https://webservices.amazon.de/paapi5/getitems");

        Map<String, String> h = new PaapiSigner().sign(url, "eu-west-1", body, ACCESS_KEY, SECRET, CLOCK);

        assertThat(h).containsEntry("x-amz-date", "20150830T123600Z")
                .containsEntry("content-encoding", "amz-1.0")
                .containsEntry("content-type", "application/json; charset=utf-8")
                .containsEntry("x-amz-target", "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.GetItems")
                .containsEntry("host", "webservices.amazon.de");
        SigV4Oracle.Parsed auth = SigV4Oracle.parse(h.get("authorization"));
        assertThat(auth.accessKey()).isEqualTo(ACCESS_KEY);
        assertThat(auth.date()).isEqualTo("20150830");
        assertThat(auth.region()).isEqualTo("eu-west-1");
        assertThat(auth.service()).isEqualTo("ProductAdvertisingAPI");
        // PA-API's five required headers; the SDK signer also signs x-amz-content-sha256 (a valid SigV4 superset)
        assertThat(auth.signedHeaders().split(";")).contains("content-encoding", "content-type", "host", "x-amz-date",
                "x-amz-target");
        assertThat(auth.signedHeaders()).isIn("content-encoding;content-type;host;x-amz-date;x-amz-target",
                "content-encoding;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target");
        if (h.containsKey("x-amz-content-sha256")) {
            assertThat(h.get("x-amz-content-sha256")).isEqualTo(HexFormat.of().formatHex(
                    sha256(body)));
        }
        String creq = SigV4Oracle.canonicalRequest("POST", "/paapi5/getitems", h, auth.signedHeaders(), body);
        assertThat(auth.signature()).isEqualTo(SigV4Oracle.signature(SECRET, "20150830T123600Z", "eu-west-1",
                "ProductAdvertisingAPI", creq));
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSignatureCoversTheExactBodyBytes() {
        URI url = URI.create("https://webservices.amazon.com/paapi5/getitems");
        PaapiSigner signer = new PaapiSigner();
        String a = signer.sign(url, "us-east-1", "{\"ItemIds\":[\"B08DQQ8CBP\"]}".getBytes(StandardCharsets.UTF_8),
                ACCESS_KEY, SECRET, CLOCK).get("authorization");
        String b = signer.sign(url, "us-east-1", "{\"ItemIds\":[\"B08DQQ8CBQ\"]}".getBytes(StandardCharsets.UTF_8),
                ACCESS_KEY, SECRET, CLOCK).get("authorization");
        assertThat(SigV4Oracle.parse(a).signature()).isNotEqualTo(SigV4Oracle.parse(b).signature());
    }

    @Test
    void aNonDefaultPortIsPartOfTheSignedHost() {
        assertThat(PaapiSigner.hostHeader(URI.create("http://127.0.0.1:8090/paapi5/getitems"))).isEqualTo("127.0.0.1:8090");
        assertThat(PaapiSigner.hostHeader(URI.create("https://webservices.amazon.com/paapi5/getitems")))
                .isEqualTo("webservices.amazon.com");
        Map<String, String> h = new PaapiSigner().sign(URI.create("http://127.0.0.1:8090/paapi5/getitems"), "us-east-1",
                new byte[0], ACCESS_KEY, SECRET, CLOCK);
        assertThat(h).containsEntry("host", "127.0.0.1:8090");
    }
}
