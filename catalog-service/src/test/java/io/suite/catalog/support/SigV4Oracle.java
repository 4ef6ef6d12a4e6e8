package io.suite.catalog.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent SigV4 computation, used only to check what the production signer (the AWS SDK's) sent: it rebuilds
 * the canonical request from the headers the server received and recomputes the signature.
 */
public final class SigV4Oracle {

    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    public record Parsed(String accessKey, String date, String region, String service, String signedHeaders, String signature) {
    }

    private SigV4Oracle() {
    }

    public static Parsed parse(String authorization) {
        Matcher m = AUTH.matcher(authorization);
        if (!m.matches()) {
            throw new AssertionError("not a SigV4 Authorization header: " + authorization);
        }
        return new Parsed(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
    }

    public static String canonicalRequest(String method, String path, Map<String, String> headers, String signedHeaders, byte[] body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append('\n').append(path).append('\n').append("").append('\n');
        for (String name : signedHeaders.split(";")) {
            String value = headers.get(name);
            if (value == null) {
                throw new AssertionError("signed header " + name + " was not received");
            }
            sb.append(name).append(':').append(value.trim().replaceAll("\\s+", " ")).append('\n');
        }
        sb.append('\n').append(signedHeaders).append('\n').append(hex(sha256(body)));
        return sb.toString();
    }

    public static String signature(String secret, String amzDate, String region, String service, String canonicalRequest) {
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
