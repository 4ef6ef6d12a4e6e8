package io.suite.sandbox.traces;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.suite.sandbox.config.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The newest spans received on {@code POST /v1/traces}, at most {@code sandbox.traces.capacity} of them. */
@ApplicationScoped
public class ReceivedSpans {

    /** The attribute shared-resilience sets on a request's span (and its own spans): the suite's correlation id. */
    public static final String CORRELATION_ID = "suite.correlation_id";

    private final int capacity;
    private final ArrayDeque<ReceivedSpan> spans = new ArrayDeque<>();

    @Inject
    public ReceivedSpans(SandboxConfig config) {
        this(config.traces().capacity());
    }

    ReceivedSpans(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    public synchronized void addAll(Collection<ReceivedSpan> received) {
        for (ReceivedSpan span : received) {
            if (spans.size() == capacity) {
                spans.removeFirst();
            }
            spans.addLast(span);
        }
    }

    /** Every span kept that matches, oldest first. */
    public synchronized List<ReceivedSpan> matching(Predicate<ReceivedSpan> filter) {
        return spans.stream().filter(filter).toList();
    }

    /** Every span of the traces one of whose spans carries {@code suite.correlation_id = correlationId}. */
    public synchronized List<ReceivedSpan> ofCorrelationId(String correlationId) {
        Set<String> traces = spans.stream().filter(s -> correlationId.equals(s.attributes().get(CORRELATION_ID)))
                .map(ReceivedSpan::traceId).collect(Collectors.toSet());
        return spans.stream().filter(s -> traces.contains(s.traceId())).toList();
    }

    public synchronized int size() {
        return spans.size();
    }

    public synchronized void clear() {
        spans.clear();
    }
}
