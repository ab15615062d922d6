package dev.wagateway.api;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the REST API, checked at start-up.
 *
 * @param maxBodyBytes a larger request body is refused with 413 {@code PAYLOAD_TOO_LARGE} ({@link BodySizeLimit})
 * @param maxBatchBodyBytes the same for {@code POST /messages/batch}, whose body holds up to BATCH_MAX_MESSAGES
 *        messages
 */
@Validated
@ConfigurationProperties(prefix = "api")
public record ApiSettings(
        @Positive(message = "a positive number of bytes, e.g. 1048576") @DefaultValue("1048576") int maxBodyBytes,
        @Positive(message = "a positive number of bytes, e.g. 8388608") @DefaultValue("8388608")
        int maxBatchBodyBytes) {
}
