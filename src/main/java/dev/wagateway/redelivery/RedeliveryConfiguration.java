package dev.wagateway.redelivery;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Quartz stops before the connection pool (the route's thread pool: camel.threadpool.config in application.yml; its interval: CamelDurations). */
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
}
