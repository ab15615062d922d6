package dev.wagateway;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Beans the routes refer to by name that are not components of their own. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** The clock every timestamp comes from, at PostgreSQL's precision (microseconds), so answers match reads. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** What {@code transacted: {}} in a route uses: join the caller's transaction or start one. */
    @Bean(name = "PROPAGATION_REQUIRED")
    SpringTransactionPolicy propagationRequired(PlatformTransactionManager transactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(transactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }
}
