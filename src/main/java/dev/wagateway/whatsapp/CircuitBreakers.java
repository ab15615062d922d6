package dev.wagateway.whatsapp;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one registry of the senders' circuit breakers ({@link SenderCircuit}: {@code global}, and
 * {@code phone-number-id-<id>} for each tenant number in use), published by Resilience4j's own Micrometer binding:
 * {@code resilience4j_circuitbreaker_state{name, state}} (1 for the state it is in), its calls, failure rate and
 * calls not permitted; a circuit dropped from the registry drops its meters.
 */
@Configuration(proxyBeanMethods = false)
public class CircuitBreakers {

    @Bean
    public CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }
}
