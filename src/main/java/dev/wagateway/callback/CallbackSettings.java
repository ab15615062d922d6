package dev.wagateway.callback;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tenant callbacks: where events may be posted, how long a post may take, and how failed ones are retried.
 *
 * @param allowHttp              {@code http://} URLs accepted (local development only); else {@code https} only
 * @param allowPrivateNetworks   URLs reaching loopback, private, link-local, multicast, unspecified addresses accepted
 * @param timeout                longest wait for an endpoint's answer
 * @param connectTimeout         longest wait for the connection
 * @param backoffBase            wait after the first failed attempt; doubled after each (with jitter), up to backoffMax
 * @param backoffMax             longest wait between two attempts
 * @param maxAge                 an event not delivered this long after it was created is {@code dead}
 * @param secretOverlap          after a rotation, how long deliveries carry the old secret's signature too
 * @param concurrencyPerTenant   deliveries of one tenant in flight at once, over all instances
 * @param concurrency            deliveries this instance posts at once (its worker threads)
 * @param pauseAfterFailures     consecutive failed attempts of one endpoint that pause its deliveries
 * @param pause                  how long they pause; then one probe decides
 * @param pollInterval           how often due deliveries are claimed
 * @param lease                  how long a claimed delivery is this instance's (INSTANCE_ID); then any instance may
 *                               claim it again
 */
@Validated
@ConfigurationProperties(prefix = "callback")
public record CallbackSettings(
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 5s") @DefaultValue("5s") Duration timeout,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 2s") @DefaultValue("2s") Duration connectTimeout,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 10s") @DefaultValue("10s") Duration backoffBase,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 1h") @DefaultValue("1h") Duration backoffMax,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 24h") @DefaultValue("24h") Duration maxAge,
        @DurationMin(millis = 0, message = "a duration, e.g. 24h") @DefaultValue("24h") Duration secretOverlap,
        @Positive(message = "a positive number, e.g. 8") @DefaultValue("8") int concurrencyPerTenant,
        @Positive(message = "a positive number, e.g. 32") @DefaultValue("32") int concurrency,
        @Positive(message = "a positive number, e.g. 5") @DefaultValue("5") int pauseAfterFailures,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 60s") @DefaultValue("60s") Duration pause,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 500ms")
        @DefaultValue("500ms") Duration pollInterval,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 30s") @DefaultValue("30s") Duration lease) {
}
