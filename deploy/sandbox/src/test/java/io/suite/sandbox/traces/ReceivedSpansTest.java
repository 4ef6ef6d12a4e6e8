package io.suite.sandbox.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReceivedSpansTest {

    static ReceivedSpan span(String trace, String id, Map<String, String> attributes) {
        return new ReceivedSpan("s", "q", "n", "INTERNAL", trace, id, "", attributes);
    }

    @Test
    void keepsTheNewestSpansUpToItsCapacity() {
        ReceivedSpans spans = new ReceivedSpans(3);
        spans.addAll(List.of(span("t1", "1", Map.of()), span("t1", "2", Map.of())));
        spans.addAll(List.of(span("t2", "3", Map.of()), span("t2", "4", Map.of())));
        assertThat(spans.size()).isEqualTo(3);
        assertThat(spans.matching(s -> true)).extracting(ReceivedSpan::spanId).containsExactly("2", "3", "4");
    }

    @Test
    void aCorrelationIdFindsEveryTraceThatNamesIt() {
        ReceivedSpans spans = new ReceivedSpans(10);
        spans.addAll(List.of(span("t1", "1", Map.of("suite.correlation_id", "c")), span("t1", "2", Map.of()),
                span("t2", "3", Map.of("suite.correlation_id", "other")), span("t3", "4", Map.of()),
                span("t3", "5", Map.of("suite.correlation_id", "c"))));
        assertThat(spans.ofCorrelationId("c")).extracting(ReceivedSpan::spanId).containsExactly("1", "2", "4", "5");
        spans.clear();
        assertThat(spans.ofCorrelationId("c")).isEmpty();
    }
}
