package io.suite.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.StoredProduct;
import io.suite.catalog.service.ProductQueryService;
import io.suite.resilience.problem.ProblemException;

/**
 * The product read endpoints alone, over a mocked {@link ProductQueryService}: query parameters become the service's
 * arguments (status as its enum, one row more than the page to know whether another follows), and its answers and
 * errors become the documented JSON. The end-to-end behaviour is in {@link ProductResourceTest}.
 */
@QuarkusTest
class ProductResourceMockedServiceTest {

    private static final String PRODUCTS = "/api/v1/catalog/products";

    @InjectMock
    ProductQueryService products;

    @Test
    void listAsksForOneRowMoreThanThePageAndOffersTheNextPageWhenItCame() {
        StoredProduct newer = product(ProductStatus.ACTIVE, Instant.parse("2026-01-02T00:00:00Z"));
        StoredProduct older = product(ProductStatus.ACTIVE, Instant.parse("2026-01-01T00:00:00Z"));
        when(products.list(eq(ProductStatus.ACTIVE), eq("www.amazon.com"), isNull(), isNull(), eq(2)))
                .thenReturn(Uni.createFrom().item(List.of(newer, older)));

        given().queryParam("status", "active").queryParam("marketplace", "www.amazon.com").queryParam("limit", 1)
                .when().get(PRODUCTS).then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(newer.id().toString()))
                .body("items[0].status", equalTo("active"))
                .body("next_token", notNullValue());
    }

    @Test
    void aLastPageHasNoNextToken() {
        when(products.list(isNull(), isNull(), isNull(), isNull(), eq(21)))
                .thenReturn(Uni.createFrom().item(List.of(product(ProductStatus.UNAVAILABLE, Instant.now()))));

        given().when().get(PRODUCTS).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("unavailable")).body("next_token", nullValue());
    }

    @Test
    void anUnknownStatusIsRefusedBeforeTheServiceIsAsked() {
        given().queryParam("status", "deleted").when().get(PRODUCTS).then().statusCode(400);

        verifyNoInteractions(products);
    }

    @Test
    void oneProductCarriesItsRawPayloadAsJson() {
        StoredProduct p = product(ProductStatus.ACTIVE, Instant.now());
        when(products.get(p.id())).thenReturn(Uni.createFrom().item(
                new ProductQueryService.ProductWithRaw(p, "{\"ASIN\":\"" + p.asin() + "\"}")));

        given().when().get(PRODUCTS + "/" + p.id()).then().statusCode(200)
                .body("asin", equalTo(p.asin())).body("status", equalTo("active")).body("raw_payload.ASIN", equalTo(p.asin()));
    }

    @Test
    void theServicesNotFoundIsA404Problem() {
        UUID id = UUID.randomUUID();
        when(products.get(any())).thenReturn(Uni.createFrom().failure(ProblemException.notFound("product", id)));

        given().when().get(PRODUCTS + "/" + id).then().statusCode(404).body("status", equalTo(404));
        verify(products).get(id);
    }

    private static StoredProduct product(ProductStatus status, Instant created) {
        return new StoredProduct(UUID.randomUUID(), "B0MOCKED01", "www.amazon.com", null, "Mocked", null, null, null,
                List.of(), null, new BigDecimal("9.99"), null, null, null, "USD", null, null, null, null, status, created,
                created, created.plusSeconds(3600), "creators", created, created);
    }
}
