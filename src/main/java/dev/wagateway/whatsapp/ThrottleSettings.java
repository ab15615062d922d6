package dev.wagateway.whatsapp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Meta's limits, kept on our side ({@link WhatsAppThrottle}).
 *
 * @param rateLimit     messages per second per phone number id (Meta's default tier: 80; 0: no limit)
 * @param maxWait       how long a redelivery call waits for its turn before the message is put back (deferred)
 * @param pairInterval  one message per this interval to the same recipient from the same number (0: no pacing)
 * @param pairBurst     messages to one recipient that may go at once before the pacing applies
 * @param slowDownFor   after a 130429 (throughput limit hit), the number runs at half its rate this long
 */
@ConfigurationProperties(prefix = "whatsapp.throttle")
public record ThrottleSettings(
        @DefaultValue("80") int rateLimit,
        @DefaultValue("2s") Duration maxWait,
        @DefaultValue("6s") Duration pairInterval,
        @DefaultValue("45") int pairBurst,
        @DefaultValue("60s") Duration slowDownFor) {

    public ThrottleSettings {
        if (rateLimit < 0 || pairBurst < 1 || pairInterval.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("WHATSAPP_RATE_LIMIT must be 0 or more, WHATSAPP_PAIR_BURST at least 1,"
                    + " durations not negative");
        }
    }

    public boolean pacingPairs() {
        return !pairInterval.isZero();
    }
}
