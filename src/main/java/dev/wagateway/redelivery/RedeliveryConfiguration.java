package dev.wagateway.redelivery;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the redelivery route refers to besides beans: its thread pool profile (its interval: CamelDurations). */
@Configuration(proxyBeanMethods = false)
public class RedeliveryConfiguration {

    /**
     * The Quartz scheduler stops before the connection pool closes: Spring Boot hands it the DataSource without
     * declaring the dependency, so on shutdown the pool could close under a scheduler that still polls the job store.
     */
    @Bean
    static BeanFactoryPostProcessor quartzStopsBeforeDataSource() {
        return beanFactory -> {
            if (beanFactory.containsBeanDefinition("quartzScheduler") && beanFactory.containsBean("dataSource")) {
                beanFactory.getBeanDefinition("quartzScheduler").setDependsOn("dataSource");
            }
        };
    }

    /** Thread pool profile of the route's split: {@code redelivery.concurrency} calls to WhatsApp at most. */
    public static final String POOL = "redeliveryPool";

    /**
     * Registers the thread pool profile: a Camel profile, not a Spring Executor bean, which would replace Spring
     * Boot's own task executor.
     */
    @Bean
    CamelContextConfiguration redeliveryCamelSettings(RedeliverySettings settings) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(POOL)
                        .poolSize(settings.concurrency())
                        .maxPoolSize(settings.concurrency())
                        .maxQueueSize(-1)
                        .build());
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do
            }
        };
    }
}
