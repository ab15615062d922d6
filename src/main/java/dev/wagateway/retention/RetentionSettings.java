package dev.wagateway.retention;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the retention route deletes, and how often ({@link RetentionPurge}).
 *
 * @param messages      a message in a final state created longer ago than this is deleted; 0: kept for ever
 * @param webhookEvents a processed webhook event received longer ago than this is deleted; 0: kept for ever
 * @param interval      how often the clustered retention job runs (on one instance at a time)
 * @param batchSize     rows one statement deletes; the job repeats it until none are left
 */
@Validated
@ConfigurationProperties(prefix = "retention")
public record RetentionSettings(
        @DurationMin(seconds = 0, message = "0 (keep for ever) or a duration, e.g. 90d")
        @DefaultValue("90d") Duration messages,
        @DurationMin(seconds = 0, message = "0 (keep for ever) or a duration, e.g. 7d")
        @DefaultValue("7d") Duration webhookEvents,
        @DurationMin(seconds = 1, message = "a duration of at least a second, e.g. 1h")
        @DefaultValue("1h") Duration interval,
        @Min(value = 1, message = "between 1 and 100000") @Max(value = 100_000, message = "between 1 and 100000")
        @DefaultValue("1000") int batchSize) {

    /** Whether messages are ever deleted. */
    public boolean purgesMessages() {
        return !messages.isZero();
    }

    /** Whether webhook events are ever deleted. */
    public boolean purgesWebhookEvents() {
        return !webhookEvents.isZero();
    }
}
