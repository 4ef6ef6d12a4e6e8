package io.suite.sandbox.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import io.suite.sandbox.config.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seeded sandbox Amazon users and their ads accounts and profiles. Deterministic for a given
 * {@code sandbox.seed}: the same seed gives the same ids, names and statuses on every start.
 *
 * <ul>
 * <li>user 0 "Big Agency": {@code sandbox.ads.accounts} accounts (default 10,000) in every status;</li>
 * <li>user 1 "Small Seller": 3 accounts (CREATED US+CA, PARTIALLY_CREATED UK+DE, PENDING JP);</li>
 * <li>user 2 "Vendor Co": 2 accounts (DISABLED FR, CREATED JP+AU), view-only profiles;</li>
 * <li>user 3 "Empty User": no accounts.</li>
 * </ul>
 */
@ApplicationScoped
public class AdsData {

    private static final char[] LOWER = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final String[] WORDS = { "Acme", "Blue", "Summit", "Nova", "Harbor", "Pine", "Atlas", "Crest", "Orbit", "Maple",
            "Vertex", "Lumen", "Cedar", "Falcon", "Quartz", "River", "Ember", "Delta", "Zenith", "Willow" };
    private static final String[] SUFFIX = { "Store", "Brands", "Goods", "Outfitters", "Labs", "Supply", "Trading", "Media", "Works",
            "Direct" };

    private final List<AmazonUser> users = new ArrayList<>();
    private final Map<String, List<AdsAccount>> accountsByUser = new LinkedHashMap<>();
    private final Map<String, AdsAccount> accountsById = new LinkedHashMap<>();
    private final Map<String, String> ownerByAccountId = new LinkedHashMap<>();

    @Inject
    public AdsData(SandboxConfig config) {
        Random r = new Random(config.seed());
        String[][] defs = { { "Big Agency", "big.agency@sandbox.example" }, { "Small Seller", "small.seller@sandbox.example" },
                { "Vendor Co", "vendor.co@sandbox.example" }, { "Empty User", "empty.user@sandbox.example" } };
        for (String[] def : defs) {
            String id = "amzn1.account." + random(r, UPPER, 28);
            users.add(new AmazonUser(id, def[0], def[1], refreshTokenFor(config.seed(), id)));
        }
        Set<Long> usedProfileIds = new LinkedHashSet<>();
        accountsByUser.put(users.get(0).userId(), generateBig(r, config.ads().accounts(), usedProfileIds));
        accountsByUser.put(users.get(1).userId(), List.of(
                account(r, "Small Seller US", "CREATED", List.of(Country.US, Country.CA), List.of(), "seller", "edit", usedProfileIds),
                account(r, "Small Seller EU", "PARTIALLY_CREATED", List.of(Country.UK, Country.DE), List.of(Country.DE), "seller", "edit",
                        usedProfileIds),
                account(r, "Small Seller JP", "PENDING", List.of(Country.JP), List.of(), "seller", "edit", usedProfileIds)));
        accountsByUser.put(users.get(2).userId(), List.of(
                account(r, "Vendor Co FR", "DISABLED", List.of(Country.FR), List.of(), "vendor", "view", usedProfileIds),
                account(r, "Vendor Co APAC", "CREATED", List.of(Country.JP, Country.AU), List.of(), "vendor", "view", usedProfileIds)));
        accountsByUser.put(users.get(3).userId(), List.of());
        accountsByUser.forEach((user, list) -> list.forEach(a -> {
            accountsById.put(a.adsAccountId(), a);
            ownerByAccountId.put(a.adsAccountId(), user);
        }));
    }

    /** Deterministic seeded refresh token of a user (the sandbox issues more on code exchange). */
    static String refreshTokenFor(long seed, String userId) {
        byte[] raw = ("sandbox-refresh:" + seed + ":" + userId).getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("Atzr|IwEB");
        Random r = new Random(seed ^ userId.hashCode());
        byte[] filler = new byte[300];
        r.nextBytes(filler);
        sb.append(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        sb.append(Base64.getUrlEncoder().withoutPadding().encodeToString(filler));
        return sb.toString();
    }

    private List<AdsAccount> generateBig(Random r, int n, Set<Long> usedProfileIds) {
        List<AdsAccount> out = new ArrayList<>(n);
        Country[] all = Country.values();
        for (int i = 0; i < n; i++) {
            int s = r.nextInt(100);
            String status = s < 85 ? "CREATED" : s < 90 ? "PARTIALLY_CREATED" : s < 95 ? "PENDING" : "DISABLED";
            int t = r.nextInt(100);
            String type = t < 70 ? "seller" : t < 95 ? "vendor" : "agency";
            int k = 1 + r.nextInt(3);
            LinkedHashSet<Country> cs = new LinkedHashSet<>();
            // NA-heavy, like real advertisers
            while (cs.size() < k) {
                cs.add(r.nextInt(2) == 0 ? Country.US : all[r.nextInt(all.length)]);
            }
            List<Country> countries = new ArrayList<>(cs);
            List<Country> failed = "PARTIALLY_CREATED".equals(status) && countries.size() > 1
                    ? List.of(countries.get(countries.size() - 1)) : List.of();
            if ("PARTIALLY_CREATED".equals(status) && failed.isEmpty()) {
                countries.add(countries.get(0) == Country.DE ? Country.FR : Country.DE);
                failed = List.of(countries.get(countries.size() - 1));
            }
            String name = WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)] + " " + SUFFIX[r.nextInt(SUFFIX.length)]
                    + " " + (i + 1);
            out.add(account(r, name, status, countries, failed, type, "edit", usedProfileIds));
        }
        return Collections.unmodifiableList(out);
    }

    private AdsAccount account(Random r, String name, String status, List<Country> countries, List<Country> failed,
            String type, String accessLevel, Set<Long> usedProfileIds) {
        String id = "amzn1.ads-account.g." + random(r, LOWER, 25);
        String entity = "seller".equals(type) ? "A" + random(r, UPPER, 13) : "ENTITY" + random(r, UPPER, 13);
        List<AdsAccount.AlternateId> alt = new ArrayList<>();
        List<AdsAccount.Profile> profiles = new ArrayList<>();
        Map<String, List<AdsAccount.AccountError>> errors = new LinkedHashMap<>();
        boolean hasProfiles = !"PENDING".equals(status);
        for (Country c : countries) {
            if (failed.contains(c)) {
                errors.put(c.name(), List.of(new AdsAccount.AccountError("MARKETPLACE_NOT_ELIGIBLE",
                        100000L + r.nextInt(900000), "The account could not be created in marketplace " + c.name() + ".")));
                continue;
            }
            if (!hasProfiles) {
                continue;
            }
            long pid;
            do {
                pid = 1_000_000_000_000_000L + (long) (r.nextDouble() * 3_000_000_000_000_000L);
            } while (!usedProfileIds.add(pid));
            alt.add(new AdsAccount.AlternateId(c.name(), pid, null));
            alt.add(new AdsAccount.AlternateId(c.name(), null, "ENTITY" + random(r, UPPER, 13)));
            if (!"DISABLED".equals(status)) {
                profiles.add(new AdsAccount.Profile(pid, c, r.nextInt(10) != 0, accessLevel));
            }
        }
        return new AdsAccount(id, name, status, List.copyOf(countries), List.copyOf(alt), errors, type, entity, List.copyOf(profiles));
    }

    private static String random(Random r, char[] alphabet, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(alphabet[r.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    public List<AmazonUser> users() {
        return Collections.unmodifiableList(users);
    }

    public Optional<AmazonUser> user(String userId) {
        return users.stream().filter(u -> u.userId().equals(userId)).findFirst();
    }

    public List<AdsAccount> accountsOf(String userId) {
        return accountsByUser.getOrDefault(userId, List.of());
    }

    public Optional<AdsAccount> account(String userId, String adsAccountId) {
        AdsAccount a = accountsById.get(adsAccountId);
        return a != null && userId.equals(ownerByAccountId.get(adsAccountId)) ? Optional.of(a) : Optional.empty();
    }
}
