package io.suite.accounts.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.suite.accounts.config.AccountsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * AES-256-GCM for tokens at rest. Stored value: 12-byte random nonce ‖ ciphertext ‖ 16-byte tag; the key id (derived from
 * the key itself, so no second setting can disagree with it) is stored beside it, so old rows stay readable after a
 * rotation as long as the retired key is listed in {@code accounts.tokens.previous-keys}. The associated data binds a
 * ciphertext to its user and purpose: a value copied to another row does not decrypt.
 */
@ApplicationScoped
public class TokenCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    @Inject
    public TokenCipher(AccountsConfig config) {
        this(config.tokens().key(), config.tokens().previousKeys().orElse(List.of()));
    }

    public TokenCipher(String currentKeyBase64, List<String> previousKeysBase64) {
        byte[] current = decodeKey(currentKeyBase64, "accounts.tokens.key (ACCOUNTS_TOKEN_KEY)");
        currentKeyId = keyId(current);
        keys.put(currentKeyId, new SecretKeySpec(current, "AES"));
        for (String previous : previousKeysBase64) {
            byte[] k = decodeKey(previous, "accounts.tokens.previous-keys");
            keys.putIfAbsent(keyId(k), new SecretKeySpec(k, "AES"));
        }
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public byte[] encrypt(String plaintext, String associatedData) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed", e);
        }
    }

    public String decrypt(byte[] stored, String keyId, String associatedData) {
        if (stored == null) {
            return null;
        }
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("token was encrypted under key " + keyId
                    + ", which is not configured (add it to accounts.tokens.previous-keys)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // never include the value: the message may reach a log
            throw new IllegalStateException("token could not be decrypted (wrong key or tampered row)");
        }
    }

    private static byte[] decodeKey(String base64, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes (AES-256), base64-encoded; got " + key.length + " bytes");
        }
        return key;
    }

    static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "k" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
