package io.suite.accounts.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.Region;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import io.suite.resilience.upstream.UpstreamUnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ads API calls through the {@code ads} guard (Retry-After-aware backoff, breaker, shared budget, counted per user and
 * endpoint). A 401 gets one more try with a freshly refreshed token; anything else is the guard's business.
 */
@ApplicationScoped
public class AdsClient {

    static final String LIST_ENDPOINT = "POST /adsAccounts/list";
    static final String GET_ENDPOINT = "GET /adsAccounts/{id}";
    static final String PROFILES_ENDPOINT = "GET /v2/profiles";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The guard, and the budget its calls draw from (and so the fair share of each user). */
    public static final String UPSTREAM = "ads";

    private final AdsApi api;
    private final UpstreamGuard guard;
    private final AccountsConfig config;

    public AdsClient(@RestClient AdsApi api, UpstreamGuards guards, AccountsConfig config) {
        this.api = api;
        this.guard = guards.get(UPSTREAM);
        this.config = config;
    }

    /** The regions this deployment serves, in a stable order. */
    public List<Region> regions() {
        return config.ads().regionUrls().keySet().stream().map(k -> Region.valueOf(k.toUpperCase(Locale.ROOT)))
                .sorted().toList();
    }

    /** Every ads account of the user: POST /adsAccounts/list, following nextToken to the end. */
    public Uni<List<AdsAccount>> listAccounts(TokenSource tokens, String subject) {
        List<AdsAccount> all = new ArrayList<>();
        return listPage(tokens, subject, null, all);
    }

    private Uni<List<AdsAccount>> listPage(TokenSource tokens, String subject, String nextToken, List<AdsAccount> all) {
        ObjectNode body = JSON.createObjectNode().put("maxResults", Math.max(1, Math.min(100, config.ads().pageSize())));
        if (nextToken != null) {
            body.put("nextToken", nextToken);
        }
        String base = baseUrl(Region.NA);
        return authorized(tokens, subject, LIST_ENDPOINT, bearer -> api.listAccounts(base, bearer, clientId(), body.toString()))
                .chain(reply -> {
                    JsonNode root = parse(reply);
                    all.addAll(accounts(root));
                    String next = text(root, "nextToken");
                    return next == null || next.isBlank() ? Uni.createFrom().item(all) : listPage(tokens, subject, next, all);
                });
    }

    /** One account, GET /adsAccounts/{id} (used to poll PENDING accounts). */
    public Uni<AdsAccount> getAccount(TokenSource tokens, String subject, String adsAccountId) {
        String base = baseUrl(Region.NA);
        return authorized(tokens, subject, GET_ENDPOINT, bearer -> api.getAccount(base, bearer, clientId(), adsAccountId))
                .map(reply -> {
                    JsonNode root = parse(reply);
                    return account(root.has("adsAccount") ? root.get("adsAccount") : root);
                });
    }

    /** GET /v2/profiles of one region (the host answers only for its own marketplaces). */
    public Uni<List<AdsProfile>> profiles(TokenSource tokens, String subject, Region region) {
        String base = baseUrl(region);
        return authorized(tokens, subject, PROFILES_ENDPOINT, bearer -> api.profiles(base, bearer, clientId()))
                .map(reply -> {
                    List<AdsProfile> out = new ArrayList<>();
                    JsonNode root = parse(reply);
                    if (root.isArray()) {
                        root.forEach(p -> out.add(profile(p, region)));
                    }
                    return out;
                });
    }

    /** Profiles of every region served, merged and ordered by profile id (stable order for paging). */
    public Uni<List<AdsProfile>> allProfiles(TokenSource tokens, String subject) {
        return Multi.createFrom().iterable(regions())
                .onItem().transformToUni(r -> profiles(tokens, subject, r)).merge(3)
                .collect().asList()
                .map(lists -> lists.stream().flatMap(List::stream).sorted(Comparator.comparingLong(AdsProfile::profileId))
                        .toList());
    }

    private Uni<String> authorized(TokenSource tokens, String subject, String endpoint, Function<String, Uni<String>> call) {
        return tokens.accessToken(false)
                .chain(token -> guard.<String>call(endpoint, subject, () -> call.apply("Bearer " + token)))
                .onFailure(UpstreamUnauthorizedException.class).recoverWithUni(e -> tokens.accessToken(true)
                        .chain(token -> guard.<String>call(endpoint, subject, () -> call.apply("Bearer " + token))));
    }

    private String baseUrl(Region region) {
        Map<String, String> urls = config.ads().regionUrls();
        String url = urls.get(region.name().toLowerCase(Locale.ROOT));
        if (url == null) {
            url = urls.get(region.name());
        }
        if (url == null) {
            throw new IllegalStateException("accounts.ads.region-urls." + region.name().toLowerCase(Locale.ROOT) + " is not configured");
        }
        return url;
    }

    private String clientId() {
        return config.lwa().clientId();
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw new UpstreamUnavailableException("ads", 200, "MalformedReply", "reply is not JSON", null, e);
        }
    }

    /** The OpenAPI shape {@code {"adsAccounts":[...]}} and the guide's {@code [{"adsAccount":{...}}]} both parse. */
    static List<AdsAccount> accounts(JsonNode root) {
        List<AdsAccount> out = new ArrayList<>();
        JsonNode list = root.isArray() ? root : root.get("adsAccounts");
        if (list != null && list.isArray()) {
            for (JsonNode item : list) {
                out.add(account(item.has("adsAccount") ? item.get("adsAccount") : item));
            }
        } else if (root.has("adsAccount")) {
            out.add(account(root.get("adsAccount")));
        }
        return out;
    }

    static AdsAccount account(JsonNode a) {
        List<String> countries = new ArrayList<>();
        if (a.path("countryCodes").isArray()) {
            a.get("countryCodes").forEach(c -> countries.add(c.asText()));
        }
        List<Long> profileIds = new ArrayList<>();
        if (a.path("alternateIds").isArray()) {
            a.get("alternateIds").forEach(alt -> {
                if (alt.has("profileId") && alt.get("profileId").canConvertToLong()) {
                    profileIds.add(alt.get("profileId").asLong());
                }
            });
        }
        return new AdsAccount(text(a, "adsAccountId"), text(a, "accountName"), text(a, "status"), countries, profileIds, a);
    }

    static AdsProfile profile(JsonNode p, Region region) {
        JsonNode info = p.path("accountInfo");
        BigDecimal budget = p.hasNonNull("dailyBudget") ? p.get("dailyBudget").decimalValue() : null;
        return new AdsProfile(p.path("profileId").asLong(), region, text(p, "countryCode"), text(p, "currencyCode"),
                budget == null ? null : budget.stripTrailingZeros(), text(p, "timezone"), text(info, "marketplaceStringId"),
                text(info, "id"), text(info, "type"), text(info, "name"), text(info, "subType"),
                info.hasNonNull("validPaymentMethod") ? info.get("validPaymentMethod").asBoolean() : null, p);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
