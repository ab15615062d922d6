package dev.wagateway.media;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code POST /media}, checked at start-up.
 *
 * @param maxBytes the largest file the gateway takes, whatever its type (Meta's own limit per type is
 *        {@link MediaKinds}'s): larger is 413 {@code PAYLOAD_TOO_LARGE}
 */
@Validated
@ConfigurationProperties(prefix = "media")
public record MediaSettings(
        @Positive(message = "a positive number of bytes, e.g. 104857600") @DefaultValue("104857600") long maxBytes) {
}
