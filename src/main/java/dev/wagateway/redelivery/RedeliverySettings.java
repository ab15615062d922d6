package dev.wagateway.redelivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties(prefix = "redelivery")
public record RedeliverySettings(
        @DefaultValue("5s") Duration interval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("50") int concurrency,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("24h") Duration messageTtl,
        String instanceId) {

    public RedeliverySettings {
        if (batchSize < 1 || concurrency < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("redelivery batch-size, concurrency and max-attempts must be at least 1");
        }
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
