package dev.wagateway.whatsapp;

import java.time.Duration;

import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * How long a queued message waits after its n-th failed attempt: {@code base × 2^(n-1)}, ±15 % jitter, capped.
 * The arithmetic is Camel's own {@link RedeliveryPolicy} (exponential backoff with collision avoidance), so it
 * behaves as Camel's redelivery does; only the waiting happens in the database, so no message waits in memory.
 */
@Validated
@ConfigurationProperties(prefix = "redelivery")
public record RetryBackoff(
        @DurationMin(millis = 1, message = "a positive duration, e.g. 30s") @DefaultValue("30s") Duration backoffBase,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 1h") @DefaultValue("1h") Duration backoffMax) {

    public Duration after(int attempts) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setRedeliveryDelay(backoffBase.toMillis());
        policy.setMaximumRedeliveryDelay(backoffMax.toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        long previous = attempts <= 1 ? 0 : Math.min(backoffMax.toMillis(),
                backoffBase.toMillis() << Math.min(attempts - 2, 30));
        return Duration.ofMillis(policy.calculateRedeliveryDelay(previous, attempts));
    }
}
