package dev.wagateway.monitoring;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The queue figures' cache ({@link QueueStats}), checked at start-up.
 *
 * @param cache how long the figures (JMX, Prometheus) are reused before the database is read again
 */
@Validated
@ConfigurationProperties(prefix = "monitoring")
public record MonitoringSettings(
        @DurationMin(millis = 0, message = "a duration of 0s or more, e.g. 5s") @DefaultValue("5s") Duration cache) {
}
