package dev.wagateway.idempotency;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code Idempotency-Key} header: how long a key is kept, and how often expired ones are deleted.
 *
 * @param ttl           a key is kept this long after its request: a repeat within it is answered from the first
 * @param purgeInterval how often the idempotency-purge route deletes the keys past their TTL
 */
@Validated
@ConfigurationProperties(prefix = "idempotency")
public record IdempotencySettings(
        @DurationMin(seconds = 1, message = "a duration of at least a second, e.g. 24h")
        @DefaultValue("24h") Duration ttl,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 1h")
        @DefaultValue("1h") Duration purgeInterval) {
}
