package io.suite.accounts.repository;

import static io.suite.accounts.repository.TokenRepository.instant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads seed 002's {@code rate_limit_tracking} (a view over shared-resilience's usage rows, limited to the user the
 * connection is bound to): what the user's calls met at each upstream endpoint.
 */
@ApplicationScoped
public class RateLimitRepository {

    /**
     * One upstream endpoint over a window of minutes: calls and 429s made for the user, and the last 429 (its exact time
     * and its Retry-After in seconds; null when there was none in the window, or it carried no Retry-After).
     */
    public record EndpointUsage(String upstream, String endpoint, long requestCount, long limitHitCount, Instant lastLimitHit,
            Integer retryAfterSeconds) {
    }

    /**
     * Per upstream and endpoint, the user's usage rows whose minute began within {@code window} of the database clock
     * (the clock that stamps the rows' minutes): sums, and the latest 429 with its own Retry-After.
     */
    public Uni<List<EndpointUsage>> perEndpoint(SqlConnection conn, Duration window) {
        return conn.preparedQuery("""
                select upstream, endpoint, sum(request_count)::bigint as request_count,
                       sum(limit_hit_count)::bigint as limit_hit_count,
                       max(last_limit_hit) as last_limit_hit,
                       (array_agg(retry_after_seconds order by last_limit_hit desc nulls last))[1] as retry_after_seconds
                  from rate_limit_tracking
                 where window_start > now() - $1::double precision * interval '1 millisecond'
                 group by upstream, endpoint
                 order by upstream, endpoint""").execute(Tuple.of(window.toMillis()))
                .map(rows -> {
                    List<EndpointUsage> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new EndpointUsage(r.getString("upstream"), r.getString("endpoint"), r.getLong("request_count"),
                                r.getLong("limit_hit_count"), instant(r, "last_limit_hit"), r.getInteger("retry_after_seconds")));
                    }
                    return out;
                });
    }
}
