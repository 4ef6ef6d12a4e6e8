package io.suite.marketdata.job;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.repository.CacheRepository;
import io.suite.marketdata.service.MarketClock;
import io.suite.marketdata.service.MarketDataCache;
import io.suite.marketdata.service.PreviousCloses;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes cache entries past their stale retention, and daily bars too old to be anyone's previous close. Every replica may run it: the
 * delete is idempotent, so no lease.
 */
@ApplicationScoped
public class CacheCleanupJob {

    private static final Logger LOG = Logger.getLogger(CacheCleanupJob.class);

    private final CacheRepository repository;
    private final MarketDataCache cache;
    private final MarketClock clock;
    private final PreviousCloses previousCloses;

    public CacheCleanupJob(CacheRepository repository, MarketDataCache cache, MarketClock clock, PreviousCloses previousCloses) {
        this.repository = repository;
        this.cache = cache;
        this.clock = clock;
        this.previousCloses = previousCloses;
    }

    @Scheduled(identity = "marketdata-cache-cleanup", every = "${marketdata.cache.cleanup-interval}",
            delayed = "${marketdata.cache.cleanup-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return cleanUp().onFailure().recoverWithItem(f -> {
            LOG.warnf("cache cleanup failed, next run will retry: %s", f.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** @return rows deleted from the shared cache (daily bars of sessions older than a week go too) */
    public Uni<Integer> cleanUp() {
        cache.cleanUpMemory();
        return repository.deleteExpired(clock.now()).call(n -> previousCloses.cleanUp()).invoke(n -> {
            if (n > 0) {
                LOG.infof("cache cleanup removed %d expired entries", n);
            }
        });
    }
}
