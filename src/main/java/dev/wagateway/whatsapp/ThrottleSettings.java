package dev.wagateway.whatsapp;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Meta's limits, kept on our side ({@link WhatsAppThrottle}).
 *
 * @param rateLimit     messages per second per phone number id (Meta's default tier: 80; 0: no limit)
 * @param maxWait       how long a redelivery call waits for its turn before the message is put back (deferred)
 * @param pairInterval  one message per this interval to the same recipient from the same number (0: no pacing)
 * @param pairBurst     messages to one recipient that may go at once before the pacing applies
 * @param slowDownFor   after a 130429 (throughput limit hit), the number runs at half its rate this long
 * @param block         a number's turns are taken from its shared bucket this long's worth at a time and held by the
 *                      instance ({@link HeldTurns}); 0s: one turn per take
 */
@Validated
@ConfigurationProperties(prefix = "whatsapp.throttle")
public record ThrottleSettings(
        @PositiveOrZero(message = "0 (no limit) or a positive number of messages per second")
        @DefaultValue("80") int rateLimit,
        @DurationMin(millis = 0, message = "a duration of 0s or more, e.g. 2s")
        @DefaultValue("2s") Duration maxWait,
        @DurationMin(millis = 0, message = "a duration of 0s (no pacing) or more, e.g. 6s")
        @DefaultValue("6s") Duration pairInterval,
        @Positive(message = "a positive number of messages, e.g. 45")
        @DefaultValue("45") int pairBurst,
        @DurationMin(millis = 0, message = "a duration of 0s or more, e.g. 60s")
        @DefaultValue("60s") Duration slowDownFor,
        @DurationMin(millis = 0, message = "a duration of 0s (one turn per take) or more, e.g. 20ms")
        @DefaultValue("20ms") Duration block) {

    public boolean pacingPairs() {
        return !pairInterval.isZero();
    }
}
