package io.suite.catalog.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.PricePoint;
import io.suite.catalog.repository.PriceHistoryRepository;
import io.suite.catalog.repository.ProductRepository;
import io.suite.resilience.paging.Page;

/** The service reads one row more than the page to know whether another follows, and its cursor leads to the next. */
class ProductQueryServiceTest {

    private final ProductRepository products = mock(ProductRepository.class);
    private final PriceHistoryRepository prices = mock(PriceHistoryRepository.class);
    private final ProductQueryService service = new ProductQueryService(products, prices);

    @Test
    void priceHistoryAsksForOneRowMoreThanThePageAndItsCursorContinuesBelowTheLastId() {
        UUID id = UUID.randomUUID();
        when(products.exists(id)).thenReturn(Uni.createFrom().item(true));
        when(prices.list(eq(id), isNull(), eq(3))).thenReturn(Uni.createFrom().item(List.of(point(9), point(8), point(7))));

        Page<PricePoint> first = service.priceHistory(id, null, 2).await().atMost(Duration.ofSeconds(5));
        assertThat(first.items()).extracting(PricePoint::id).containsExactly(9L, 8L);
        assertThat(first.nextToken()).isNotNull();

        when(prices.list(eq(id), eq(8L), eq(3))).thenReturn(Uni.createFrom().item(List.of(point(7))));
        Page<PricePoint> second = service.priceHistory(id, first.nextToken(), 2).await().atMost(Duration.ofSeconds(5));
        assertThat(second.items()).extracting(PricePoint::id).containsExactly(7L);
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void listAsksForOneRowMoreThanThePage() {
        when(products.list(isNull(), isNull(), isNull(), isNull(), eq(21))).thenReturn(Uni.createFrom().item(List.of()));

        assertThat(service.list(null, null, null, 20).await().atMost(Duration.ofSeconds(5)).items()).isEmpty();
    }

    private static PricePoint point(long id) {
        return new PricePoint(id, BigDecimal.ONE, BigDecimal.TEN, "USD", Instant.EPOCH);
    }
}
