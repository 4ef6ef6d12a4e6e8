package io.suite.marketdata.job;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.repository.CacheRepository;
import io.suite.marketdata.service.MarketClock;
import io.suite.marketdata.service.MarketDataCache;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes cache entries past their stale retention. Every replica may run it: the delete is idempotent, so no lease.
 */
@ApplicationScoped
public class CacheCleanupJob {

    private static final Logger LOG = Logger.getLogger(CacheCleanupJob.class);

    private final CacheRepository repository;
    private final MarketDataCache cache;
    private final MarketClock clock;

    public CacheCleanupJob(CacheRepository repository, MarketDataCache cache, MarketClock clock) {
        this.repository = repository;
        this.cache = cache;
        this.clock = clock;
    }

    @Scheduled(identity = "marketdata-cache-cleanup", every = "${marketdata.cache.cleanup-interval}",
            delayed = "${marketdata.cache.cleanup-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return cleanUp().onFailure().recoverWithItem(f -> {
            LOG.warnf("cache cleanup failed, next run will retry: %s", f.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** @return rows deleted from the shared cache */
    public Uni<Integer> cleanUp() {
        cache.cleanUpMemory();
        return repository.deleteExpired(clock.now()).invoke(n -> {
            if (n > 0) {
                LOG.infof("cache cleanup removed %d expired entries", n);
            }
        });
    }
}
