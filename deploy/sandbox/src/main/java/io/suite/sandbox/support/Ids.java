package io.suite.sandbox.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Random identifiers and the masking of credentials for counters and logs. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private Ids() {
    }

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String alnum(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM[RANDOM.nextInt(ALNUM.length)]);
        }
        return sb.toString();
    }

    /** Amazon's x-amz-rid style: 20 upper-case alphanumerics. */
    public static String amzRid() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(UPPER_ALNUM[RANDOM.nextInt(UPPER_ALNUM.length)]);
        }
        return sb.toString();
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    public static String sha256Hex(String s) {
        return HexFormat.of().formatHex(sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A credential as counters show it: a short prefix and a hash, never the whole value. Ids that
     * are not secret (client ids, access key ids) still go through this, so nothing sensitive leaks.
     */
    public static String mask(String credential) {
        if (credential == null || credential.isEmpty()) {
            return "(none)";
        }
        String prefix = credential.length() > 8 ? credential.substring(0, 4) : credential.substring(0, Math.min(2, credential.length()));
        return prefix + "…#" + sha256Hex(credential).substring(0, 8);
    }
}
