package io.suite.catalog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.ProductData;
import io.suite.catalog.support.Fixtures;
import io.suite.resilience.upstream.UpstreamUnavailableException;

/** Parsing real PA-API replies (fixtures/paapi5), the Offers V2 shape and the Creators API's lowerCamelCase. */
class ItemMapperTest {

    static FetchResult parse(String upstream, String body, String... asins) {
        return ItemMapper.parse(PaapiProductSource.JSON, upstream, body, List.of(asins));
    }

    @Test
    void aRealFullReplyFillsEverySeedField() {
        ProductData p = parse("paapi", Fixtures.read(Fixtures.PAAPI_COM_FULL), "B07212L4G2").items().get("B07212L4G2");

        assertThat(p.title()).isEqualTo("adidas Originals 3-Stripes Tee Intense Lemons MD");
        assertThat(p.brand()).isEqualTo("adidas Originals");
        assertThat(p.manufacturer()).isEqualTo("adidas Originals");
        assertThat(p.description()).startsWith("adidas Clothing Size Guide\nIt's like a baseball tee");
        assertThat(p.parentAsin()).isEqualTo("B071K31B2L");
        assertThat(p.detailPageUrl()).startsWith("https://www.amazon.com/dp/B07212L4G2");
        assertThat(p.images()).hasSize(4).first().isEqualTo("https://m.media-amazon.com/images/I/41OmiwuvQeL.jpg");
        assertThat(p.currentPrice()).isEqualByComparingTo("29.98");
        assertThat(p.currency()).isEqualTo("USD");
        assertThat(p.availabilityType()).isEqualTo("Now");
        assertThat(p.availabilityMessage()).isEqualTo("In Stock.");
        assertThat(p.offered()).isTrue();
        assertThat(p.raw()).contains("\"BrowseNodeInfo\"").contains("\"ParentASIN\":\"B071K31B2L\"");
        assertThat(p.source()).isEqualTo("paapi");
    }

    @Test
    void pricesComeFromAmountNeverTheLocalisedDisplayAmount() {
        ProductData p = parse("paapi", Fixtures.read(Fixtures.PAAPI_DE_FULL), "B07212L4G2").items().get("B07212L4G2");
        assertThat(p.currentPrice()).isEqualTo(new BigDecimal("60.02"));
        assertThat(p.currency()).isEqualTo("EUR");
        assertThat(p.availabilityMessage()).isEqualTo("Gewöhnlich versandfertig in 4 bis 5 Tagen.");
    }

    @Test
    void missingOptionalFieldsAreNulls() {
        ProductData p = parse("paapi", Fixtures.read(Fixtures.PAAPI_COM_TITLE_ONLY), "B07212L4G2").items().get("B07212L4G2");
        assertThat(p.title()).isEqualTo("adidas Originals 3-Stripes Tee Intense Lemons MD");
        assertThat(p.brand()).isNull();
        assertThat(p.images()).isNull();
        assertThat(p.currentPrice()).isNull();
        assertThat(p.originalPrice()).isNull();
        assertThat(p.customerReviewCount()).isNull();
        assertThat(p.starRating()).isNull();
        assertThat(p.offered()).isFalse();
        assertThat(p.missingFields()).contains("brand", "current_price", "images", "star_rating").doesNotContain("title");
    }

    @Test
    void offersV2PricesSavingsAndReviews() {
        ProductData p = parse("paapi", Fixtures.paapiReply(Fixtures.paapiV2Item("B08DQQ8CBP", "11.99", "14.99")), "B08DQQ8CBP")
                .items().get("B08DQQ8CBP");
        assertThat(p.currentPrice()).isEqualByComparingTo("11.99");
        assertThat(p.originalPrice()).isEqualByComparingTo("14.99");
        assertThat(p.savingsAmount()).isEqualByComparingTo("3.00");
        assertThat(p.savingsPercentage()).isEqualByComparingTo("20");
        assertThat(p.availabilityType()).isEqualTo("IN_STOCK");
        assertThat(p.customerReviewCount()).isEqualTo(1534);
        assertThat(p.starRating()).isEqualByComparingTo("4.5");
    }

    @Test
    void anItemWithoutABuyableOfferIsNotOffered() {
        ProductData p = parse("paapi", Fixtures.paapiReply(Fixtures.paapiV2Item("B08DQQ8CBP", null, null)), "B08DQQ8CBP")
                .items().get("B08DQQ8CBP");
        assertThat(p.offered()).isFalse();
        assertThat(p.availabilityType()).isEqualTo("OUT_OF_STOCK");
        assertThat(p.title()).isNotNull();
    }

    @Test
    void partialSuccessErrorsAreAttributedToTheirAsin() {
        String body = Fixtures.paapiReply(List.of(Fixtures.paapiV2Item("B08DQQ8CBP", "9.99", null)),
                List.of(Fixtures.paapiNotAccessible("B000000000")));
        FetchResult r = parse("paapi", body, "B08DQQ8CBP", "B000000000", "B111111111");
        assertThat(r.items()).containsOnlyKeys("B08DQQ8CBP");
        assertThat(r.errors().get("B000000000").code()).isEqualTo("ItemNotAccessible");
        assertThat(r.errors().get("B000000000").message()).contains("not accessible");
        assertThat(r.errors().get("B000000000").notFound()).isTrue();
        // an ASIN the reply does not mention at all is not accessible either
        assertThat(r.errors().get("B111111111").notFound()).isTrue();
    }

    @Test
    void theCreatorsApisLowerCamelCaseMapsToTheSameModel() {
        String body = "{\"itemsResult\":{\"items\":[{\"asin\":\"B08DQQ8CBP\",\"detailPageURL\":\"https://www.amazon.com/dp/B08DQQ8CBP\","
                + "\"parentASIN\":\"B08DQPARNT\",\"images\":{\"primary\":{\"large\":{\"url\":\"https://m.media-amazon.com/images/I/x.jpg\","
                + "\"height\":500,\"width\":500}}},\"itemInfo\":{\"title\":{\"displayValue\":\"ESP32-DevKitC-32UE\"},"
                + "\"byLineInfo\":{\"brand\":{\"displayValue\":\"Espressif\"}}},\"offersV2\":{\"listings\":[{\"price\":{\"money\":"
                + "{\"amount\":12.5,\"currency\":\"USD\",\"displayAmount\":\"$12.50\"},\"savings\":{\"money\":{\"amount\":2.5,"
                + "\"currency\":\"USD\"},\"percentage\":17},\"savingBasis\":{\"money\":{\"amount\":15.0,\"currency\":\"USD\"},"
                + "\"savingBasisType\":\"LIST_PRICE\"}},\"availability\":{\"type\":\"IN_STOCK\",\"message\":\"In Stock\"},"
                + "\"isBuyBoxWinner\":true,\"someFutureField\":\"NEW_ENUM_VALUE\"}]},\"customerReviews\":{\"count\":42,"
                + "\"starRating\":{\"value\":4.6}}}]},\"errors\":[{\"code\":\"ItemNotFound\",\"message\":\"The ItemId B0NOTFOUND0 is not "
                + "accessible through the Creators API.\"}]}";
        FetchResult r = parse("creators", body, "B08DQQ8CBP", "B0NOTFOUND");
        ProductData p = r.items().get("B08DQQ8CBP");
        assertThat(p.title()).isEqualTo("ESP32-DevKitC-32UE");
        assertThat(p.brand()).isEqualTo("Espressif");
        assertThat(p.parentAsin()).isEqualTo("B08DQPARNT");
        assertThat(p.images()).containsExactly("https://m.media-amazon.com/images/I/x.jpg");
        assertThat(p.currentPrice()).isEqualByComparingTo("12.50");
        assertThat(p.originalPrice()).isEqualByComparingTo("15.00");
        assertThat(p.savingsAmount()).isEqualByComparingTo("2.50");
        assertThat(p.savingsPercentage()).isEqualByComparingTo("17");
        assertThat(p.customerReviewCount()).isEqualTo(42);
        assertThat(p.starRating()).isEqualByComparingTo("4.6");
        assertThat(p.source()).isEqualTo("creators");
        assertThat(r.errors().get("B0NOTFOUND").notFound()).isTrue();
    }

    @Test
    void thePriceIsTheBuyBoxWinnersEvenWhenItIsNotTheFirstListing() {
        String listings = "[{\"price\":{\"money\":{\"amount\":8.49,\"currency\":\"USD\"}},\"isBuyBoxWinner\":false,"
                + "\"availability\":{\"type\":\"IN_STOCK_SCARCE\"},\"merchantInfo\":{\"name\":\"Marketplace seller\"}},"
                + "{\"price\":{\"money\":{\"amount\":9.99,\"currency\":\"USD\"}},\"isBuyBoxWinner\":true,"
                + "\"availability\":{\"type\":\"IN_STOCK\"},\"merchantInfo\":{\"name\":\"Amazon.com\"}}]";
        String body = "{\"itemsResult\":{\"items\":[{\"asin\":\"B08DQQ8CBP\",\"offersV2\":{\"listings\":" + listings + "}}]}}";

        ProductData p = parse("creators", body, "B08DQQ8CBP").items().get("B08DQQ8CBP");

        assertThat(p.currentPrice()).isEqualByComparingTo("9.99");
        assertThat(p.availabilityType()).isEqualTo("IN_STOCK");
    }

    @Test
    void withoutAMarkedWinnerTheFirstListingPrices() {
        String body = "{\"ItemsResult\":{\"Items\":[{\"ASIN\":\"B08DQQ8CBP\",\"OffersV2\":{\"Listings\":["
                + "{\"Price\":{\"Money\":{\"Amount\":7.00,\"Currency\":\"USD\"}}},"
                + "{\"Price\":{\"Money\":{\"Amount\":6.00,\"Currency\":\"USD\"}},\"IsBuyBoxWinner\":false}]}}]}}";

        assertThat(parse("paapi", body, "B08DQQ8CBP").items().get("B08DQQ8CBP").currentPrice()).isEqualByComparingTo("7.00");
    }

    @Test
    void anUnreadableReplyIsTheUpstreamMisbehaving() {
        assertThatThrownBy(() -> parse("paapi", "<html>busy</html>", "B08DQQ8CBP"))
                .isInstanceOf(UpstreamUnavailableException.class);
    }
}
