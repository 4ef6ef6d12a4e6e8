package io.suite.catalog.client;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs a PA-API 5.0 GetItems request with the AWS SDK for Java v2 SigV4 signer (service
 * {@code ProductAdvertisingAPI}, the marketplace host's region). It signs exactly the headers PA-API requires
 * and the exact body bytes that are sent.
 */
final class PaapiSigner {

    static final String SERVICE = "ProductAdvertisingAPI";
    static final String TARGET = "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.GetItems";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    static final String CONTENT_ENCODING = "amz-1.0";
    static final String PATH = "/paapi5/getitems";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** The headers to send (lower-case names), Authorization and X-Amz-Date included; Host is the URL's authority. */
    Map<String, String> sign(URI url, String region, byte[] body, String accessKey, String secretKey, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(url)
                .putHeader("content-encoding", CONTENT_ENCODING)
                .putHeader("content-type", CONTENT_TYPE)
                .putHeader("host", hostHeader(url))
                .putHeader("x-amz-target", TARGET)
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
        }
        return headers;
    }

    /** What the HTTP client puts in Host: the host, plus the port when it is not the scheme's default. */
    static String hostHeader(URI url) {
        int port = url.getPort();
        boolean defaultPort = port == -1 || ("https".equals(url.getScheme()) && port == 443)
                || ("http".equals(url.getScheme()) && port == 80);
        return defaultPort ? url.getHost() : url.getHost() + ":" + port;
    }
}
