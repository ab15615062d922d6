package dev.wagateway.redelivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the redelivery route polls and claims (the backoff between attempts is {@code RetryBackoff}).
 *
 * @param interval    time between two polls (Quartz trigger)
 * @param batchSize   messages claimed by one statement
 * @param concurrency messages of a batch sent at once
 * @param lease       how long a claimed ({@code sending}) message belongs to its instance
 * @param maxAttempts counted attempts before a message is failed with {@code MAX_ATTEMPTS_EXCEEDED}
 * @param messageTtl  age after which an unsent message is failed with {@code EXPIRED}
 * @param instanceId  owner name of this instance's leases: unique per running instance, stable across restarts
 */
@Validated
@ConfigurationProperties(prefix = "redelivery")
public record RedeliverySettings(
        @DurationMin(millis = 1, message = "a positive duration, e.g. 5s") @DefaultValue("5s") Duration interval,
        @Positive(message = "a positive number of messages, e.g. 100") @DefaultValue("100") int batchSize,
        @Positive(message = "a positive number of calls, e.g. 50") @DefaultValue("50") int concurrency,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 60s") @DefaultValue("60s") Duration lease,
        @Positive(message = "a positive number of attempts, e.g. 10") @DefaultValue("10") int maxAttempts,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 24h") @DefaultValue("24h") Duration messageTtl,
        String instanceId) {

    public RedeliverySettings {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = hostName();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
