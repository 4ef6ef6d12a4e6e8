package io.suite.accounts.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.concurrent.AllSettled;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.AdsAccount;
import io.suite.accounts.domain.AdsProfile;
import io.suite.accounts.domain.Region;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.UpstreamUnauthorizedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
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

    /** The guard, and the budget its calls draw from (and so the fair share of each user). */
    public static final String UPSTREAM = "ads";

    private final AdsApi api;
    private final UpstreamGuard guard;
    private final AccountsConfig config;
    private final ObjectMapper json;

    public AdsClient(@RestClient AdsApi api, UpstreamGuards guards, AccountsConfig config, ObjectMapper json) {
        this.api = api;
        this.json = json;
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
        ObjectNode body = json.createObjectNode().put("maxResults", Math.max(1, Math.min(100, config.ads().pageSize())));
        if (nextToken != null) {
            body.put("nextToken", nextToken);
        }
        String base = baseUrl(Region.NA);
        return authorized(tokens, subject, LIST_ENDPOINT, bearer -> api.listAccounts(base, bearer, clientId(), body.toString()))
                .chain(page -> {
                    if (page != null) {
                        page.adsAccounts().forEach(entry -> all.add(account(unwrap(entry))));
                    }
                    String next = page == null ? null : page.nextToken();
                    return next == null || next.isBlank() ? Uni.createFrom().item(all) : listPage(tokens, subject, next, all);
                });
    }

    /** One account, GET /adsAccounts/{id} (used to poll PENDING accounts). */
    public Uni<AdsAccount> getAccount(TokenSource tokens, String subject, String adsAccountId) {
        String base = baseUrl(Region.NA);
        return authorized(tokens, subject, GET_ENDPOINT, bearer -> api.getAccount(base, bearer, clientId(), adsAccountId))
                .map(reply -> account(unwrap(reply == null ? json.createObjectNode() : reply)));
    }

    /** GET /v2/profiles of one region (the host answers only for its own marketplaces). */
    public Uni<List<AdsProfile>> profiles(TokenSource tokens, String subject, Region region) {
        String base = baseUrl(region);
        return authorized(tokens, subject, PROFILES_ENDPOINT, bearer -> api.profiles(base, bearer, clientId()))
                .map(reply -> {
                    List<AdsProfile> out = new ArrayList<>();
                    if (reply != null) {
                        reply.forEach(p -> out.add(profile(p, region)));
                    }
                    return out;
                });
    }

    /** Profiles of every region served, merged and ordered by profile id (stable order for paging). */
    public Uni<List<AdsProfile>> allProfiles(TokenSource tokens, String subject) {
        return AllSettled.all(regions().stream().map(r -> profiles(tokens, subject, r)).toList(), 3)
                .map(lists -> lists.stream().flatMap(List::stream).sorted(Comparator.comparingLong(AdsProfile::profileId))
                        .toList());
    }

    private <T> Uni<T> authorized(TokenSource tokens, String subject, String endpoint, Function<String, Uni<T>> call) {
        return tokens.accessToken(false)
                .chain(token -> guarded(endpoint, subject, () -> call.apply("Bearer " + token)))
                .onFailure(UpstreamUnauthorizedException.class).recoverWithUni(e -> tokens.accessToken(true)
                        .chain(token -> guarded(endpoint, subject, () -> call.apply("Bearer " + token))));
    }

    /** A reply that is not the JSON it should be: Ads answered, so the guard neither retries it nor counts it as down. */
    private record Malformed() {
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(String endpoint, String subject, Supplier<Uni<T>> call) {
        return guard.<Object> call(endpoint, subject, () -> call.get().map(r -> (Object) r)
                .onFailure(AdsClient::malformed).recoverWithItem(f -> new Malformed()))
                .map(r -> {
                    if (r instanceof Malformed) {
                        throw new UpstreamUnavailableException("ads", 200, "MalformedReply", "reply is not JSON", null, null);
                    }
                    return (T) r;
                });
    }

    private static boolean malformed(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t instanceof JacksonException) {
                return true;
            }
        }
        return false;
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

    /** An entry of the list, or the reply of one account: the account itself, or wrapped as {@code {"adsAccount":{...}}}. */
    private static JsonNode unwrap(JsonNode entry) {
        return entry.has("adsAccount") ? entry.get("adsAccount") : entry;
    }

    /** One account: its fields read through {@link AdsReplies.Account}, the whole vendor record kept as {@code raw}. */
    AdsAccount account(JsonNode raw) {
        AdsReplies.Account a = fields(raw, AdsReplies.Account.class);
        List<Long> profileIds = a.alternateIds() == null ? List.of() : a.alternateIds().stream()
                .filter(alt -> alt != null && alt.profileId() != null).map(AdsReplies.AlternateId::profileId).toList();
        return new AdsAccount(a.adsAccountId(), a.accountName(), a.status(),
                a.countryCodes() == null ? new ArrayList<>() : new ArrayList<>(a.countryCodes()), new ArrayList<>(profileIds), raw);
    }

    AdsProfile profile(JsonNode raw, Region region) {
        AdsReplies.Profile p = fields(raw, AdsReplies.Profile.class);
        AdsReplies.AccountInfo info = p.accountInfo() == null ? new AdsReplies.AccountInfo(null, null, null, null, null, null)
                : p.accountInfo();
        return new AdsProfile(p.profileId(), region, p.countryCode(), p.currencyCode(),
                p.dailyBudget() == null ? null : p.dailyBudget().stripTrailingZeros(), p.timezone(), info.marketplaceStringId(),
                info.id(), info.type(), info.name(), info.subType(), info.validPaymentMethod(), raw);
    }

    private <T> T fields(JsonNode raw, Class<T> type) {
        try {
            return json.treeToValue(raw, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UpstreamUnavailableException("ads", 200, "MalformedReply", "a record of the reply has an unexpected shape",
                    null, e);
        }
    }
}
