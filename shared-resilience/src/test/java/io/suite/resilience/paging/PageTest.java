package io.suite.resilience.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PageTest {

    record Row(long id, String name) {
    }

    record ById(long after) {
    }

    private static List<Row> rows(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Row(i, "row " + i)).toList();
    }

    @Test
    void anEmptyResultIsAnEmptyLastPage() {
        Page<String> page = Page.of(List.<Row> of(), 10, Row::name, r -> new ById(r.id()));
        assertThat(page.items()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void exactlyLimitRowsIsTheLastPage() {
        Page<Row> page = Page.of(rows(3), 3, r -> new ById(r.id()));
        assertThat(page.items()).extracting(Row::id).containsExactly(1L, 2L, 3L);
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void theExtraRowIsCutAndTheLastKeptRowBecomesTheCursor() {
        assertThat(Page.fetchSize(3)).isEqualTo(4);
        Page<String> page = Page.of(rows(Page.fetchSize(3)), 3, Row::name, r -> new ById(r.id()));
        assertThat(page.items()).containsExactly("row 1", "row 2", "row 3");
        assertThat(page.nextToken()).isNotNull();
        assertThat(CursorCodec.decode(page.nextToken(), ById.class)).isEqualTo(new ById(3));
    }

    @Test
    void theCursorRoundTripsToTheNextPage() {
        List<Row> all = rows(7);
        Page<Row> first = Page.of(all.subList(0, 4), 3, r -> new ById(r.id()));
        long after = CursorCodec.decode(first.nextToken(), ById.class).after();
        List<Row> rest = all.stream().filter(r -> r.id() > after).limit(Page.fetchSize(3)).toList();
        Page<Row> second = Page.of(rest, 3, r -> new ById(r.id()));
        assertThat(second.items()).extracting(Row::id).containsExactly(4L, 5L, 6L);
        Page<Row> third = Page.of(all.stream().filter(r -> r.id() > 6).toList(), 3, r -> new ById(r.id()));
        assertThat(third.items()).extracting(Row::id).containsExactly(7L);
        assertThat(third.nextToken()).isNull();
    }

    @Test
    void mapKeepsTheCursorAndJsonNamesItNextToken() throws Exception {
        Page<String> page = Page.of(rows(2), 1, r -> new ById(r.id())).map(Row::name);
        assertThat(page.items()).containsExactly("row 1");
        String json = new ObjectMapper().writeValueAsString(page);
        assertThat(json).contains("\"items\":[\"row 1\"]").contains("\"next_token\":\"" + page.nextToken() + "\"")
                .doesNotContain("nextToken");
    }

    @Test
    void aLimitBelowOneIsAProgrammingError() {
        assertThatThrownBy(() -> Page.of(rows(1), 0, r -> new ById(r.id()))).isInstanceOf(IllegalArgumentException.class);
    }
}
