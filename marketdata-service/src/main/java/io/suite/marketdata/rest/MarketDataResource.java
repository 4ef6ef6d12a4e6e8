package io.suite.marketdata.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.function.Supplier;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.marketdata.service.Cached;
import io.suite.marketdata.service.MarketClock;
import io.suite.marketdata.service.MarketDataService;
import io.suite.marketdata.service.OptionsQuery;
import io.suite.resilience.budget.Subjects;
import io.suite.resilience.openapi.ProblemResponsesFilter;
import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.problem.Problem;
import io.suite.resilience.problem.ProblemException;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Market data for signed-in users (Polygon's terms forbid anonymous redistribution). Thin: parse, delegate, shape. */
@Path("/api/v1/market-data")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "market-data", description = "Quotes, option chains and historical bars (Polygon/Massive), cached")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "429", description = "The caller is over its fair share of the Polygon budget and no earlier data "
        + "is there to serve (other users are still served); Retry-After says when its next upstream call is allowed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "over fair share",
                        value = """
                                {"type":"urn:problem-type:too-many-requests","title":"Too many requests","status":429,
                                 "detail":"You are over your share of the polygon request budget; other users are still served. Try again after the Retry-After delay",
                                 "instance":"/api/v1/market-data/SPY/quote","correlation_id":"3f2a…"}""")))
@APIResponse(responseCode = "503", description = "Upstream unavailable or rate budget spent, and no earlier data to serve",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = { @ExampleObject(name = "rate-limited", value = """
                        {"type":"urn:problem-type:upstream-rate-limited","title":"Upstream rate limit reached","status":503,
                         "detail":"Upstream polygon is rate limited; try again later","instance":"/api/v1/market-data/SPY/quote",
                         "correlation_id":"3f2a…"}"""),
                        @ExampleObject(name = "upstream-unavailable", value = """
                                {"type":"urn:problem-type:upstream-unavailable","title":"Upstream unavailable","status":503,
                                 "detail":"Upstream polygon is failing; calls are paused while its circuit breaker is open",
                                 "instance":"/api/v1/market-data/SPY/quote","correlation_id":"3f2a…"}"""),
                        @ExampleObject(name = "database-unavailable", value = """
                                {"type":"urn:problem-type:database-unavailable","title":"Database unavailable","status":503,
                                 "detail":"The service's database cannot be reached right now; try again shortly",
                                 "instance":"/api/v1/market-data/SPY/quote","correlation_id":"3f2a…"}""") }))
public class MarketDataResource {

    private final MarketDataService service;
    private final MarketClock clock;
    private final MarketDataConfig config;
    private final JsonWebToken jwt;

    public MarketDataResource(MarketDataService service, MarketClock clock, MarketDataConfig config, JsonWebToken jwt) {
        this.service = service;
        this.clock = clock;
        this.config = config;
        this.jwt = jwt;
    }

    /**
     * Upstream calls made for this request count against the caller's fair share of the Polygon budget
     * ({@code resilience.fair-share.*}): answers from cache cost nothing, and a caller over its share gets 429.
     */
    private <T> Uni<T> forCaller(Supplier<Uni<T>> work) {
        return Subjects.as(jwt.getSubject(), work);
    }

    @GET
    @Path("/{ticker}/quote")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "polygon")
    @Operation(summary = "The best quote the plan allows for a stock, index, crypto or currency pair",
            description = "Freshest first, what the service's Polygon/Massive plan includes: last trade + NBBO (`source: nbbo`), "
                    + "last trade alone (`trade`, bid and ask null), the ticker snapshot (`snapshot`, 15 minutes delayed on "
                    + "Starter), today's latest minute bar (`aggregate`), the previous close (`previous_close`, on every plan). "
                    + "`delayed` and `as_of` say how current it is; `note` names what the plan lacks. Prices are decimals. "
                    + "`cache` says whether the quote came from cache and how old it is; during an upstream outage the last "
                    + "good quote is served with `stale: true` and an `Age` header.")
    @APIResponse(responseCode = "200", description = "The quote", content = @Content(schema = @Schema(implementation = QuoteResponse.class),
            examples = {
                    @ExampleObject(name = "paid plan",
                            value = """
                                    {"ticker":"SPY","asset_class":"stocks","source":"nbbo","delayed":false,"price":166.25,
                                     "last_trade":{"price":166.25,"size":2,"exchange":4,"conditions":[12,37],"timestamp":"2022-04-28T20:55:19.310617300Z"},
                                     "bid":{"price":155.65,"size":1,"exchange":19},"ask":{"price":155.66,"size":14,"exchange":11},
                                     "nbbo_timestamp":"2022-05-10T14:25:54.171838500Z","as_of":"2022-05-10T14:25:54.171838500Z",
                                     "cache":{"source":"memory","stale":false,"from_cache":true,"age_seconds":3,"fetched_at":"2022-05-10T14:25:55Z"}}"""),
                    @ExampleObject(name = "free plan",
                            value = """
                                    {"ticker":"AAPL","asset_class":"stocks","source":"previous_close","delayed":true,"price":156.8,
                                     "last_trade":null,"bid":null,"ask":null,"nbbo_timestamp":null,
                                     "bar":{"start":"2022-04-26T04:00:00Z","open":162.25,"high":162.34,"low":156.72,"close":156.8,
                                      "volume":95595226.0,"vwap":158.6074,"transactions":899965},"as_of":"2022-04-26T20:00:00Z",
                                     "note":"the Polygon/Massive plan does not include stocks.trades, stocks.nbbo, stocks.snapshots",
                                     "cache":{"source":"database","stale":false,"from_cache":true,"age_seconds":40,"fetched_at":"2022-04-27T14:00:00Z"}}""") }))
    @APIResponse(responseCode = "400", description = "Invalid ticker", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "The plan includes no data of this asset class (`upstream-not-entitled`; the "
            + "detail quotes the upstream's reason)",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "upstream-not-entitled",
                            value = """
                                    {"type":"urn:problem-type:upstream-not-entitled","title":"Not included in the upstream plan","status":403,
                                     "detail":"The Polygon/Massive plan of this service's API key does not include crypto aggregates (reason: family)",
                                     "instance":"/api/v1/market-data/X:BTCUSD/quote","correlation_id":"3f2a…"}""")))
    @APIResponse(responseCode = "404", description = "The upstream does not know the ticker",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> quote(
            @Parameter(description = "a stock (1–10 of A–Z, '.', '-'), an index `I:SPX`, a crypto pair `X:BTCUSD` or a currency "
                    + "pair `C:EURUSD`; any case", example = "SPY") @PathParam("ticker") String ticker) {
        Ticker t = RequestParams.ticker(ticker);
        return forCaller(() -> service.quote(t)).map(c -> CacheInfo.withHeaders(Response.ok(QuoteResponse.of(c)), c).build());
    }

    @GET
    @Path("/{ticker}/options")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "polygon")
    @Operation(summary = "Option chain, filtered and paginated",
            description = "All upstream pages are followed. `expiration=0dte` means expiring today in America/New_York; "
                    + "a day without such contracts answers an empty list with a `note`. Stocks and indices (`I:SPX`, whose "
                    + "0-DTE contracts are most of the volume) have chains. Without the plan's options snapshot the chain comes "
                    + "from reference data (`source: reference`): the same filters and cursor, prices, greeks, volume and open "
                    + "interest null. IV and greeks are null when the plan does not provide them.")
    @APIResponse(responseCode = "200", description = "One page of the chain",
            content = @Content(schema = @Schema(implementation = OptionChainResponse.class),
                    examples = @ExampleObject(name = "AAPL calls",
                            value = """
                                    {"underlying":"AAPL","expiration_from":"2023-06-16","expiration_to":"2023-06-16","zero_dte":false,
                                     "source":"snapshot","delayed":false,
                                     "count":1,"matching":1,"contracts":[{"ticker":"O:AAPL230616C00150000","underlying":"AAPL",
                                     "contract_type":"call","exercise_style":"american","expiration":"2023-06-16","strike":150,
                                     "shares_per_contract":100,"bid":28.9,"ask":29.25,"mid":29.075,"bid_size":294,"ask_size":209,
                                     "last":29.25,"volume":8,"open_interest":8133,"implied_volatility":0.3570277203465058,
                                     "greeks":{"delta":0.6436614934293701,"gamma":0.0061735291012820675,"theta":-0.028227189324641973,
                                     "vega":0.6381159723175714},"break_even_price":179.075,"updated_at":"2022-04-29T17:44:20.800059648Z"}],
                                     "cache":{"source":"upstream","stale":false,"from_cache":false,"age_seconds":0,"fetched_at":"2023-06-16T14:00:00Z"}}""")))
    @APIResponse(responseCode = "400", description = "A parameter is invalid; the problem names it",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> options(
            @Parameter(example = "SPY") @PathParam("ticker") String ticker,
            @Parameter(description = "`0dte`, a date `YYYY-MM-DD`, or a range `YYYY-MM-DD..YYYY-MM-DD`",
                    example = "0dte") @QueryParam("expiration") String expiration,
            @Parameter(description = "call or put", example = "call") @QueryParam("type") @Pattern(regexp = RequestParams.CONTRACT_TYPES,
                    message = "must be call or put") String type,
            @Parameter(description = "lowest strike, inclusive", example = "400") @QueryParam("strike_min") @DecimalMin(value = "0",
                    inclusive = false, message = "must be greater than 0") @DecimalMax(value = RequestParams.MAX_STRIKE,
                            message = "must be at most " + RequestParams.MAX_STRIKE) BigDecimal strikeMin,
            @Parameter(description = "highest strike, inclusive", example = "500") @QueryParam("strike_max") @DecimalMin(value = "0",
                    inclusive = false, message = "must be greater than 0") @DecimalMax(value = RequestParams.MAX_STRIKE,
                            message = "must be at most " + RequestParams.MAX_STRIKE) BigDecimal strikeMax,
            @Parameter(description = "minimum day volume", example = "10") @QueryParam("min_volume") @Min(value = 0,
                    message = "must not be negative") Long minVolume,
            @Parameter(description = "minimum open interest", example = "100") @QueryParam("min_open_interest") @Min(value = 0,
                    message = "must not be negative") Long minOpenInterest,
            @Parameter(description = "page size, 1 to 250 (default 50)", example = "50") @QueryParam("limit") @Min(value = 1,
                    message = "must be at least 1") Integer limit,
            @Parameter(description = "cursor from the previous page") @QueryParam(CursorCodec.PARAMETER) String nextToken) {
        Ticker t = RequestParams.ticker(ticker);
        if (!t.assetClass().hasOptions()) {
            throw ProblemException.invalidField("ticker", "option chains exist for stocks and indices (I:SPX), not "
                    + t.assetClass().label());
        }
        RequestParams.Expiration exp = RequestParams.expiration(expiration, clock.tradingDate());
        if (strikeMin != null && strikeMax != null && strikeMin.compareTo(strikeMax) > 0) {
            throw ProblemException.invalidField("strike_min", "must not be greater than strike_max");
        }
        // the upper bound is an operator setting (marketdata.options.max-limit), so it cannot be an annotation
        if (limit != null && limit > config.options().maxLimit()) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + config.options().maxLimit());
        }
        OptionsQuery query = new OptionsQuery(t, exp.from(), exp.to(), exp.zeroDte(), RequestParams.contractType(type),
                strikeMin, strikeMax, minVolume, minOpenInterest, limit == null ? config.options().defaultLimit() : limit,
                CursorCodec.decode(nextToken, OptionsQuery.ChainCursor.class));
        return forCaller(() -> service.optionChain(query)).map(page -> {
            String note = null;
            boolean reference = page.source() == OptionChain.Source.REFERENCE;
            if (page.contracts().isEmpty() && query.after() == null) {
                note = exp.zeroDte()
                        ? "no " + t + " contracts expire on " + exp.from() + " (America/New_York)"
                        : "no " + t + " contracts match the filters";
                if (reference && (query.minVolume() != null || query.minOpenInterest() != null)) {
                    note += "; reference data has no volume or open interest to filter on";
                }
            }
            OptionChainResponse body = new OptionChainResponse(t.symbol(), page.expirationFrom(), page.expirationTo(),
                    exp.zeroDte(), page.source().label(), page.delayed(), page.contracts().size(), page.matching(), page.contracts(),
                    page.next() == null ? null : CursorCodec.encode(page.next()), note, CacheInfo.of(page.cache()));
            return CacheInfo.withHeaders(Response.ok(body), page.cache()).build();
        });
    }

    @GET
    @Path("/{ticker}/historical")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "polygon")
    @Operation(summary = "OHLCV bars between two dates",
            description = "Long ranges are fetched page by page (next_url) and stitched, and cached by bucket (a year of "
                    + "daily bars, a week of minute bars), not per range. `from` ≤ `to`; a range entirely in the future is "
                    + "rejected, `to` beyond today is cut to today; a request may span at most `marketdata.historical.max-bars` "
                    + "bars. `from` before the plan's history window (2 years on the free plan) is a 400 naming `from` and "
                    + "the earliest day allowed. On an end-of-day plan a range reaching today ends with the latest complete "
                    + "session, and `note` says so.")
    @APIResponse(responseCode = "200", description = "The bars", content = @Content(
            schema = @Schema(implementation = HistoricalResponse.class),
            examples = @ExampleObject(name = "AAPL daily",
                    value = """
                            {"ticker":"AAPL","multiplier":1,"timespan":"day","from":"2005-04-01","to":"2005-04-04","adjusted":true,"count":2,
                             "bars":[{"start":"2005-04-01T05:00:00Z","open":1.5032,"high":1.5064,"low":1.4489,"close":1.4604,
                             "volume":642646396.0,"vwap":1.469,"transactions":82132}],
                             "cache":{"source":"database","stale":false,"from_cache":true,"age_seconds":86400,"fetched_at":"2024-01-01T00:00:00Z"}}""")))
    @APIResponse(responseCode = "400", description = "A parameter is invalid; the problem names it",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> historical(
            @Parameter(example = "SPY") @PathParam("ticker") String ticker,
            @Parameter(description = "first day, YYYY-MM-DD", example = "2024-01-02", required = true) @QueryParam("from") @NotBlank(
                    message = RequestParams.DATE_REQUIRED) @Pattern(regexp = RequestParams.DATE,
                            message = RequestParams.DATE_FORMAT) String from,
            @Parameter(description = "last day, YYYY-MM-DD", example = "2024-01-31", required = true) @QueryParam("to") @NotBlank(
                    message = RequestParams.DATE_REQUIRED) @Pattern(regexp = RequestParams.DATE,
                            message = RequestParams.DATE_FORMAT) String to,
            @Parameter(description = "second, minute, hour, day, week, month, quarter or year (default day)",
                    example = "day") @QueryParam("timespan") @Pattern(regexp = RequestParams.TIMESPANS,
                            message = "must be one of second, minute, hour, day, week, month, quarter, year") String timespan,
            @Parameter(description = "bar size in timespans, 1 to 1000 (default 1)",
                    example = "1") @QueryParam("multiplier") @DefaultValue("1") @Min(value = 1,
                            message = "must be between 1 and 1000") @Max(value = 1000,
                                    message = "must be between 1 and 1000") int multiplier,
            @Parameter(description = "split-adjusted (default true)", example = "true") @QueryParam("adjusted") @Pattern(
                    regexp = RequestParams.BOOLEAN, message = "must be true or false") String adjusted) {
        Ticker t = RequestParams.ticker(ticker);
        LocalDate start = RequestParams.date("from", from);
        LocalDate end = RequestParams.date("to", to);
        Timespan span = RequestParams.timespan(timespan);
        int mult = multiplier;
        boolean adj = RequestParams.bool(adjusted, true);
        return forCaller(() -> service.bars(t, mult, span, start, end, adj)).map(a -> {
            Cached<BarSeries> c = a.bars();
            HistoricalResponse body = new HistoricalResponse(t.symbol(), mult, span.label(), a.from(), a.to(), adj,
                    c.value().bars().size(), c.value().bars(), a.note(), CacheInfo.of(c));
            return CacheInfo.withHeaders(Response.ok(body), c).build();
        });
    }
}
