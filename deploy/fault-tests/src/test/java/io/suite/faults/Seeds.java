package io.suite.faults;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

/** Data the scenarios start from, written straight into the database as the schema owners (as the benchmarks do). */
final class Seeds {

    record SeededToken(UUID user, UUID tokenId) {
    }

    record AccountsUser(UUID user, List<UUID> accounts, UUID tokenId) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Seeds() {
    }

    /** Products due for refresh at exactly {@code dueAt} (so each refresh job's scheduled_at names the round). */
    static int dueProducts(Fleet fleet, List<String> asins, Instant dueAt) {
        try (Connection c = fleet.db.owner("catalog");
                PreparedStatement ps = c.prepareStatement("""
                        insert into catalog.products (asin, marketplace_id, title, status, next_refresh_at, refresh_slot)
                        select ?, m.id, 'fault ' || ?, 'active', ?, (random() * 86399)::int from catalog.marketplaces m
                         where m.code = 'www.amazon.com'
                        on conflict (asin, marketplace_id) do update set next_refresh_at = excluded.next_refresh_at,
                            lease_owner = null, lease_until = null""")) {
            for (String asin : asins) {
                ps.setString(1, asin);
                ps.setString(2, asin);
                ps.setTimestamp(3, Timestamp.from(dueAt));
                ps.addBatch();
            }
            int n = 0;
            for (int r : ps.executeBatch()) {
                n += r;
            }
            return n;
        } catch (Exception e) {
            throw new IllegalStateException("seeding due products failed", e);
        }
    }

    /**
     * {@code n} Amazon connections of distinct app users to one sandbox Amazon user: each an authorization code from the
     * control API exchanged at the sandbox's LWA (a distinct refresh token each), sealed as TokenCipher seals them
     * (AES-256-GCM, nonce || ciphertext || tag, AAD "oauth_tokens:user:kind"), expiring at {@code expiresAt} and due for
     * proactive refresh at {@code dueAt}.
     */
    static List<SeededToken> tokens(Fleet fleet, int n, Instant expiresAt, Instant dueAt) {
        return tokens(fleet, n, expiresAt, dueAt, () -> {
        });
    }

    /** The same; {@code beforeInsert} runs after the LWA exchanges and before the rows become visible. */
    static List<SeededToken> tokens(Fleet fleet, int n, Instant expiresAt, Instant dueAt, Runnable beforeInsert) {
        return tokens(fleet, fleet.sandboxUsers.get(0).get("userId").asText(), n, expiresAt, dueAt, beforeInsert);
    }

    /** The same, connected to the given sandbox Amazon user. */
    static List<SeededToken> tokens(Fleet fleet, String amazonUser, int n, Instant expiresAt, Instant dueAt, Runnable beforeInsert) {
        String redirect = "http://127.0.0.1/faults/callback";
        List<CompletableFuture<String[]>> exchanges = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < n; i++) {
                exchanges.add(CompletableFuture.supplyAsync(() -> exchange(fleet, amazonUser, redirect), pool));
            }
            CompletableFuture.allOf(exchanges.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        beforeInsert.run();
        byte[] key = Base64.getDecoder().decode(fleet.tokenKey);
        String keyId = keyId(key);
        List<SeededToken> out = new ArrayList<>();
        try (Connection c = fleet.db.owner("accounts")) {
            c.setAutoCommit(false);
            try (PreparedStatement users = c.prepareStatement("insert into users (id) values (?)");
                    PreparedStatement tokens = c.prepareStatement("""
                            insert into oauth_tokens (id, user_id, access_token_enc, refresh_token_enc, key_id, expires_at, scope)
                            values (?, ?, ?, ?, ?, ?, 'advertising::campaign_management')""");
                    PreparedStatement schedule = c.prepareStatement(
                            "insert into token_refresh_schedule (token_id, user_id, due_at) values (?, ?, ?)")) {
                for (CompletableFuture<String[]> f : exchanges) {
                    String[] pair = f.join();
                    UUID user = UUID.randomUUID();
                    UUID token = UUID.randomUUID();
                    users.setObject(1, user);
                    users.addBatch();
                    tokens.setObject(1, token);
                    tokens.setObject(2, user);
                    tokens.setBytes(3, seal(key, pair[0], "oauth_tokens:" + user + ":access"));
                    tokens.setBytes(4, seal(key, pair[1], "oauth_tokens:" + user + ":refresh"));
                    tokens.setString(5, keyId);
                    tokens.setTimestamp(6, Timestamp.from(expiresAt));
                    tokens.addBatch();
                    schedule.setObject(1, token);
                    schedule.setObject(2, user);
                    schedule.setTimestamp(3, Timestamp.from(dueAt));
                    schedule.addBatch();
                    out.add(new SeededToken(user, token));
                }
                users.executeBatch();
                tokens.executeBatch();
                schedule.executeBatch();
            }
            c.commit();
        } catch (Exception e) {
            throw new IllegalStateException("seeding tokens failed", e);
        }
        return out;
    }

    /** One connected user with {@code n} Ads accounts of its own (for listing and batch label updates). */
    static AccountsUser accountsUser(Fleet fleet, int n, Instant tokenExpiresAt) {
        SeededToken t = tokens(fleet, 1, tokenExpiresAt, tokenExpiresAt.minusSeconds(600)).get(0);
        List<UUID> ids = new ArrayList<>();
        try (Connection c = fleet.db.owner("accounts");
                PreparedStatement ps = c.prepareStatement("""
                        insert into user_accounts (id, user_id, amazon_account_id, account_name, status, marketplace_id)
                        values (?, ?, ?, ?, 'active', 'ATVPDKIKX0DER')""")) {
            for (int i = 0; i < n; i++) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, id);
                ps.setObject(2, t.user());
                ps.setString(3, "amzn1.ads-account.g.fault" + i + "x" + t.user().toString().substring(0, 8));
                ps.setString(4, "Fault account " + i);
                ps.addBatch();
                ids.add(id);
            }
            ps.executeBatch();
        } catch (Exception e) {
            throw new IllegalStateException("seeding accounts failed", e);
        }
        return new AccountsUser(t.user(), ids, t.tokenId());
    }

    private static String[] exchange(Fleet fleet, String amazonUser, String redirect) {
        JsonNode code = fleet.control("POST", "/lwa/codes", "{\"userId\":\"" + amazonUser + "\",\"redirectUri\":\"" + redirect + "\"}")
                .json();
        String form = "grant_type=authorization_code&code=" + enc(code.get("code").asText()) + "&redirect_uri=" + enc(redirect)
                + "&client_id=" + enc("amzn1.application-oa2-client.sandbox") + "&client_secret=" + enc("sandbox-lwa-client-secret");
        Http.Answer a = Http.send(HttpRequest.newBuilder(URI.create(fleet.sandboxUrl() + "/lwa/auth/o2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (a.status() != 200) {
            throw new IllegalStateException("sandbox LWA answered " + a.status());
        }
        JsonNode reply = a.json();
        return new String[] { reply.get("access_token").asText(), reply.get("refresh_token").asText() };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static byte[] seal(byte[] key, String value, String aad) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String keyId(byte[] key) {
        try {
            return "k" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 6);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
