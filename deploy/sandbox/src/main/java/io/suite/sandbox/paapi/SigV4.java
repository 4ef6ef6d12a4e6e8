package io.suite.sandbox.paapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.suite.sandbox.support.Ids;

/**
 * AWS Signature Version 4, server side: recomputes the canonical request from what actually arrived
 * and compares signatures in constant time. Checked against AWS's published test suite
 * (shared/fixtures/aws_sigv4) and against requests signed by the AWS SDK for Java v2.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHZ = Pattern.compile(
            "^AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*$");

    private SigV4() {
    }

    /** The parts of an Authorization header. */
    public record Authorization(String accessKey, String date, String region, String service, String terminator,
            List<String> signedHeaders, String signature) {
        public String scope() {
            return date + "/" + region + "/" + service + "/" + terminator;
        }
    }

    /** What arrived: method, the path and query exactly as sent (still percent-encoded), headers by lower-case name. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    }

    /** Parses the header; null when it is not a complete SigV4 Authorization. */
    public static Authorization parse(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = AUTHZ.matcher(header.trim());
        if (!m.matches()) {
            return null;
        }
        String[] cred = m.group(1).split("/");
        if (cred.length != 5) {
            return null;
        }
        List<String> signed = List.of(m.group(2).split(";"));
        return new Authorization(cred[0], cred[1], cred[2], cred[3], cred[4], signed, m.group(3).toLowerCase());
    }

    public static String canonicalRequest(Request r, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method().toUpperCase()).append('\n');
        sb.append(canonicalPath(r.rawPath())).append('\n');
        sb.append(canonicalQuery(r.rawQuery())).append('\n');
        for (String h : signedHeaders) {
            List<String> values = r.headers().getOrDefault(h, List.of());
            List<String> trimmed = new ArrayList<>();
            for (String v : values) {
                trimmed.add(v.trim().replaceAll("\\s+", " "));
            }
            sb.append(h).append(':').append(String.join(",", trimmed)).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", signedHeaders)).append('\n');
        sb.append(HexFormat.of().formatHex(Ids.sha256(r.body() == null ? new byte[0] : r.body())));
        return sb.toString();
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + HexFormat.of().formatHex(Ids.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    public static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        k = hmac(k, "aws4_request");
        return HexFormat.of().formatHex(hmac(k, stringToSign));
    }

    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Normalised path (dot segments and duplicate slashes removed), each segment URI-encoded (as sent, so '%' is encoded again). */
    static String canonicalPath(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "/";
        }
        boolean trailing = raw.endsWith("/");
        Deque<String> segs = new ArrayDeque<>();
        for (String s : raw.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segs.pollLast();
                continue;
            }
            segs.addLast(s);
        }
        StringBuilder sb = new StringBuilder();
        for (String s : segs) {
            sb.append('/').append(encode(s));
        }
        if (sb.length() == 0) {
            return "/";
        }
        if (trailing) {
            sb.append('/');
        }
        return sb.toString();
    }

    static String canonicalQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> params = new TreeMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = encode(decode(eq < 0 ? pair : pair.substring(0, eq)));
            String v = encode(decode(eq < 0 ? "" : pair.substring(eq + 1)));
            params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        StringBuilder sb = new StringBuilder();
        params.forEach((k, vs) -> {
            vs.sort(null);
            for (String v : vs) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }

    /** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ is %XX (upper-case hex) of its UTF-8 bytes. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Percent-decoding without treating '+' as space (SigV4 semantics). */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && Character.digit(bytes[i + 1], 16) >= 0
                    && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
