package dev.wagateway;

import dev.wagateway.ingest.IngestSettings;
import dev.wagateway.redelivery.RedeliverySettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The thread pools of the routes' parallel splits, as Camel thread pool profiles (not Spring Executor beans, which
 * would replace Spring Boot's own task executor): {@code redeliveryPool} ({@code REDELIVERY_CONCURRENCY} calls to
 * WhatsApp) and {@code ingestPool} ({@code INGEST_WRITERS} chunks stored at once; when all are busy, the reading
 * thread stores the next chunk itself, so a file is never read ahead of what is stored).
 */
@Configuration(proxyBeanMethods = false)
public class CamelThreadPools {

    @Bean
    CamelContextConfiguration threadPoolProfiles(RedeliverySettings redelivery, IngestSettings ingest) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                var pools = camelContext.getExecutorServiceManager();
                pools.registerThreadPoolProfile(new ThreadPoolProfileBuilder("redeliveryPool")
                        .poolSize(redelivery.concurrency()).maxPoolSize(redelivery.concurrency())
                        .maxQueueSize(-1).build());
                pools.registerThreadPoolProfile(new ThreadPoolProfileBuilder("ingestPool")
                        .poolSize(ingest.writers()).maxPoolSize(ingest.writers()).maxQueueSize(1)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do
            }
        };
    }
}
