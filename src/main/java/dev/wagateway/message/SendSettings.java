package dev.wagateway.message;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a send request may ask for.
 *
 * @param scheduleMaxAhead how far ahead a {@code sendAt} may be (SCHEDULE_MAX_AHEAD); further is VALIDATION_ERROR
 * @param batchMaxMessages the most messages one {@code POST /messages/batch} may hold (BATCH_MAX_MESSAGES)
 */
@Validated
@ConfigurationProperties(prefix = "send")
public record SendSettings(
        @DurationMin(seconds = 1, message = "a positive duration, e.g. 30d") @DefaultValue("30d")
        Duration scheduleMaxAhead,
        @Positive(message = "a positive number of messages, e.g. 1000") @DefaultValue("1000") int batchMaxMessages) {
}
