package dev.wagateway.whatsapp;

import dev.wagateway.cluster.TokenBuckets;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One number's bucket for {@link WhatsAppThrottle} (shared by every instance: the key names the number and its limit,
 * so a changed limit starts a new bucket) and, while this instance slowed it down after a 130429, until when.
 */
final class NumberBucket {

    /** The throttle's logger: its lines keep their name. */
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppThrottle.class);

    final Bucket bucket;
    final HeldTurns turns;
    volatile long slowUntilNanos;

    private final ThrottleSettings settings;
    private final TimeMeter time;

    NumberBucket(String phoneNumberId, ThrottleSettings settings, TokenBuckets buckets, TimeMeter time,
            BlockingStrategy blocking) {
        this.settings = settings;
        this.time = time;
        bucket = buckets.bucket("whatsapp:" + phoneNumberId + ":" + settings.rateLimit(),
                () -> WhatsAppThrottle.configuration(settings.rateLimit()));
        // the number's limit as configured, whatever an instance that stopped left (a slow-down it never ended)
        bucket.replaceConfiguration(WhatsAppThrottle.configuration(settings.rateLimit()),
                TokensInheritanceStrategy.AS_IS);
        turns = new HeldTurns(bucket, time, blocking);
    }

    /** A number's rate while it is slowed down after a 130429. */
    static int slowedRate(ThrottleSettings settings) {
        return Math.max(1, settings.rateLimit() / 2);
    }

    synchronized void slowDown() {
        slowUntilNanos = time.currentTimeNanos() + settings.slowDownFor().toNanos();
        bucket.replaceConfiguration(WhatsAppThrottle.configuration(slowedRate(settings)),
                TokensInheritanceStrategy.PROPORTIONALLY);
    }

    /** Its rate now: the limit, or half of it while slowed down after a 130429 (restored when that is over). */
    int rate() {
        restoreIfDue();
        return slowUntilNanos == 0 ? settings.rateLimit() : slowedRate(settings);
    }

    void restoreIfDue() {
        if (slowUntilNanos != 0 && time.currentTimeNanos() >= slowUntilNanos) {
            synchronized (this) {
                if (slowUntilNanos != 0 && time.currentTimeNanos() >= slowUntilNanos) {
                    slowUntilNanos = 0;
                    bucket.replaceConfiguration(WhatsAppThrottle.configuration(settings.rateLimit()),
                            TokensInheritanceStrategy.AS_IS);
                    LOG.info("WhatsApp throughput of a phone number back to {} messages/s", settings.rateLimit());
                }
            }
        }
    }
}
