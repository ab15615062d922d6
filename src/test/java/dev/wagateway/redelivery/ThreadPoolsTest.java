package dev.wagateway.redelivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wagateway.IntegrationTest;
import dev.wagateway.ingest.IngestSettings;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The parallel splits' thread pool profiles, as application.yml's {@code camel.threadpool.config} makes them: the
 * redelivery pool as wide as REDELIVERY_CONCURRENCY, the ingest pool INGEST_WRITERS wide with the reading thread
 * storing a chunk itself when the writers are busy (one waiting, then CallerRuns).
 */
class ThreadPoolsTest extends IntegrationTest {

    @Autowired
    private RedeliverySettings redelivery;

    @Autowired
    private IngestSettings ingest;

    @Test
    void the_splits_pools_are_as_wide_as_their_settings() {
        ThreadPoolProfile redeliveryPool = camelContext.getExecutorServiceManager().getThreadPoolProfile("redeliveryPool");
        assertThat(redeliveryPool.getPoolSize()).isEqualTo(redelivery.concurrency());
        assertThat(redeliveryPool.getMaxPoolSize()).isEqualTo(redelivery.concurrency());
        assertThat(redeliveryPool.getMaxQueueSize()).isEqualTo(-1);

        ThreadPoolProfile ingestPool = camelContext.getExecutorServiceManager().getThreadPoolProfile("ingestPool");
        assertThat(ingestPool.getPoolSize()).isEqualTo(ingest.writers());
        assertThat(ingestPool.getMaxPoolSize()).isEqualTo(ingest.writers());
        assertThat(ingestPool.getMaxQueueSize()).isEqualTo(1);
        assertThat(ingestPool.getRejectedPolicy()).isEqualTo(ThreadPoolRejectedPolicy.CallerRuns);
    }
}
