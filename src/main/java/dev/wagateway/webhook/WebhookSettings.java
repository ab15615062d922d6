package dev.wagateway.webhook;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WhatsApp webhook: how Meta's requests are recognised, and how stored events are processed.
 *
 * @param verifyToken      the token Meta echoes in the subscription handshake ({@code hub.verify_token}); empty: refused
 * @param appSecret        the app secret that signs every POST ({@code X-Hub-Signature-256}); empty: every POST is 401
 * @param maxBodyBytes     a larger POST is refused with 413 before its signature is checked
 * @param sweepInterval    how often events not yet processed (and statuses waiting for their message) are looked at
 * @param maxAttempts      failed processing attempts before an event is marked {@code failed} (kept, logged)
 * @param pendingRetention how long a status for an unknown WhatsApp message id waits for that message
 */
@Validated
@ConfigurationProperties(prefix = "webhook")
public record WebhookSettings(
        String verifyToken,
        String appSecret,
        @Positive(message = "a positive number of bytes, e.g. 1048576") @DefaultValue("1048576") int maxBodyBytes,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 5s") @DefaultValue("5s") Duration sweepInterval,
        @Positive(message = "a positive number of attempts, e.g. 5") @DefaultValue("5") int maxAttempts,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 1h")
        @DefaultValue("1h") Duration pendingRetention) {
}
