package dev.wagateway;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.processor.aggregate.UseOriginalAggregationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the routes refer to by name that are not components of their own. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** The clock every timestamp comes from, at PostgreSQL's precision (microseconds), so answers match reads. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** For {@code enrich}: the caller's exchange goes on unchanged, whatever happened to the copy it sent. */
    @Bean
    AggregationStrategy keepOriginal() {
        return new UseOriginalAggregationStrategy(null, false);
    }
}
