package io.suite.resilience.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Leases on a real table: no overlap between claimers, takeover after a crash, stale write-backs rejected. */
@QuarkusTest
class LeasesTest {

    private static final LeaseTable JOBS = new LeaseTable("lease_test_job", "id", "due_at");

    @Inject
    Leases leases;
    @Inject
    Pool pool;
    @Inject
    LeaseBacklog backlog;
    @Inject
    MeterRegistry meters;

    @BeforeEach
    void jobs() {
        join(pool.query("delete from lease_test_job").execute());
        join(pool.query("insert into lease_test_job (id, due_at) "
                + "select g, now() - interval '1 minute' from generate_series(1, 500) g").execute());
    }

    @Test
    void concurrentClaimersNeverShareAnItem() {
        List<Uni<List<Lease>>> claims = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            claims.add(claimAll("worker-" + worker));
        }
        List<Lease> all = new ArrayList<>();
        Uni.join().all(claims).andFailFast().await().atMost(Duration.ofSeconds(30)).forEach(all::addAll);

        Set<Object> ids = new HashSet<>();
        all.forEach(l -> assertThat(ids.add(l.id())).as("item %s claimed twice", l.id()).isTrue());
        assertThat(ids).hasSize(500);
    }

    /** Claims in batches of 25 until nothing is due, completing each item with a processed mark. */
    private Uni<List<Lease>> claimAll(String owner) {
        return leases.claim(JOBS, owner, 25, Duration.ofMinutes(1)).chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(new ArrayList<>());
            }
            Uni<Void> done = Uni.join().all(batch.stream()
                    .map(l -> leases.complete(JOBS, l, new LeaseUpdate().setExpression("processed", "processed + 1")
                            .setExpression("due_at", "due_at + interval '1 day'")))
                    .toList()).andFailFast().replaceWithVoid();
            return done.chain(() -> claimAll(owner)).map(rest -> {
                rest.addAll(batch);
                return rest;
            });
        });
    }

    @Test
    void aDeadWorkersLeaseIsTakenOverAndItsLateWriteIsRejected() {
        List<Lease> dead = join(leases.claim(JOBS, "dies", 10, Duration.ofMillis(300)));
        assertThat(dead).hasSize(10);
        Set<Object> deadIds = ids(dead);

        // while the lease holds, nobody else gets those items
        assertThat(ids(join(leases.claim(JOBS, "early", 490, Duration.ofMinutes(1))))).doesNotContainAnyElementsOf(deadIds);

        // after it expires, a survivor takes them over
        List<Lease> takeover = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            takeover.addAll(join(leases.claim(JOBS, "survivor", 10, Duration.ofMinutes(1))));
            return ids(takeover).containsAll(deadIds);
        });

        // the dead worker wakes up and writes back: rejected, the survivor's write wins
        for (Lease stale : dead) {
            assertThat(join(leases.complete(JOBS, stale, new LeaseUpdate().setExpression("processed", "processed + 100")))).isFalse();
        }
        for (Lease live : takeover) {
            assertThat(join(leases.complete(JOBS, live,
                    new LeaseUpdate().setExpression("processed", "processed + 1").set("due_at", OffsetDateTime.now().plusDays(1)))))
                    .isTrue();
        }
        long processed = join(pool.preparedQuery("select sum(processed) from lease_test_job where id = any($1)")
                .execute(Tuple.of(deadIds.stream().map(id -> (Long) id).toArray(Long[]::new))))
                .iterator().next().getLong(0);
        assertThat(processed).as("each taken-over item processed exactly once").isEqualTo(10);

        // done for this due time: not claimable again
        assertThat(ids(join(leases.claim(JOBS, "again", 500, Duration.ofMinutes(1))))).doesNotContainAnyElementsOf(deadIds);
    }

    @Test
    void renewKeepsALeaseOnlyForItsHolder() {
        Lease lease = join(leases.claim(JOBS, "holder", 1, Duration.ofMillis(200))).get(0);
        assertThat(join(leases.renew(JOBS, lease, Duration.ofMinutes(1)))).isTrue();
        Lease forged = new Lease(lease.id(), lease.version(), lease.dueAt(), "someone-else");
        assertThat(join(leases.renew(JOBS, forged, Duration.ofMinutes(1)))).isFalse();
        assertThat(join(leases.complete(JOBS, lease, new LeaseUpdate()))).isTrue();
    }

    @Test
    void claimWhereTakesOnlyTheRowsOfOnePartition() {
        join(pool.query("update lease_test_job set processed = 7 where id % 3 = 0").execute());

        List<Lease> sevens = join(leases.claimWhere(JOBS, "processed", 7, "partitioned", 40, Duration.ofMinutes(1)));
        List<Lease> zeros = join(leases.claimWhere(JOBS, "processed", 0, "partitioned", 40, Duration.ofMinutes(1)));

        assertThat(sevens).hasSize(40).allSatisfy(l -> assertThat(((Number) l.id()).longValue() % 3).isZero());
        assertThat(zeros).hasSize(40).allSatisfy(l -> assertThat(((Number) l.id()).longValue() % 3).isNotZero());
        assertThat(join(leases.claimWhere(JOBS, "processed", 7, "other", 500, Duration.ofMinutes(1))))
                .as("the rest of the partition, none claimed twice").hasSize(166 - 40);
        Assertions.assertThatThrownBy(() -> leases.claimWhere(JOBS, "processed = 7 or true", 7, "x", 1,
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableNamesMustBePlainIdentifiers() {
        Assertions.assertThatThrownBy(() -> new LeaseTable("jobs; drop table x", "id", "due_at"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<Object> ids(List<Lease> leases) {
        Set<Object> ids = new HashSet<>();
        leases.forEach(l -> ids.add(l.id()));
        return ids;
    }

    private static <T> T join(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(15));
    }

    @Test
    void theBacklogCountsItemsDueAndNotDoneAndHowLateTheOldestIs() {
        List<Lease> claimed = join(leases.claim(JOBS, "backlog", 10, Duration.ofMinutes(1)));
        join(backlog.refresh());
        // leased but not completed is still backlog: work not done
        assertThat(gauge("resilience.lease.backlog")).isEqualTo(500);
        assertThat(gauge("resilience.lease.backlog.oldest.seconds")).isBetween(59.0, 600.0);

        for (Lease l : claimed) {
            assertThat(join(leases.complete(JOBS, l, new LeaseUpdate().setExpression("due_at", "now() + interval '1 day'")))).isTrue();
        }
        join(backlog.refresh());
        assertThat(gauge("resilience.lease.backlog")).isEqualTo(490);

        join(pool.query("update lease_test_job set due_at = now() + interval '1 hour'").execute());
        join(backlog.refresh());
        assertThat(gauge("resilience.lease.backlog")).isZero();
        assertThat(gauge("resilience.lease.backlog.oldest.seconds")).isZero();
    }

    private double gauge(String name) {
        return meters.get(name).tag("table", "lease_test_job").gauge().value();
    }
}
