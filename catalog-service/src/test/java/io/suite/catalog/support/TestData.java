package io.suite.catalog.support;

import java.security.SecureRandom;
import java.util.UUID;

import io.suite.testing.JwtKeys;

public final class TestData {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private TestData() {
    }

    /** A fresh valid ASIN, so tests never share products. */
    public static String asin() {
        StringBuilder sb = new StringBuilder("T");
        for (int i = 0; i < 9; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public static String admin() {
        return "Bearer " + JwtKeys.token(UUID.randomUUID(), "admin");
    }

    public static String user() {
        return "Bearer " + JwtKeys.token(UUID.randomUUID(), "user");
    }
}
