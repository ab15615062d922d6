package dev.wagateway.whatsapp;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wagateway.cluster.SharedTokenBuckets;
import dev.wagateway.cluster.TokenBuckets;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Meta's limits, kept before each call so that WhatsApp never has to say them (Bucket4j token buckets):
 * <ul>
 * <li>per phone number id, {@code WHATSAPP_RATE_LIMIT} messages per second. The bucket holds 1/50 of a second's
 * worth and refills the rest, so no sliding 1-second window exceeds the limit. A call waits its turn (a reservation:
 * calls go in order) up to {@code WHATSAPP_THROTTLE_MAX_WAIT}; beyond that, or for a REST send's immediate attempt,
 * the message is put back (deferred, no attempt counted) and redelivery sends it when its turn comes.</li>
 * <li>per (number, recipient), one message per {@code WHATSAPP_PAIR_INTERVAL} after a burst of
 * {@code WHATSAPP_PAIR_BURST} ({@link RecipientPacing}): a message over it is deferred until the recipient's next
 * turn, without waiting.</li>
 * <li>a 130429 (the number's throughput limit hit) halves that number's rate for {@code slowDownFor}; a 131056 (pair
 * rate limit) empties that recipient's allowance, so the next messages to it wait a full interval.</li>
 * </ul>
 * A number's bucket is shared by every instance of the service ({@link SharedTokenBuckets}, in PostgreSQL): N instances
 * together keep its limit. Each takes its turns in blocks of {@code WHATSAPP_RATE_BLOCK}'s worth ({@link HeldTurns}),
 * so a busy number costs one bucket transaction per block, not per call. The pair pacing and the slow-down's clock
 * are per instance.
 */
@Component("whatsAppThrottle")
public class WhatsAppThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppThrottle.class);
    /** A message whose number's bucket could not be reached is looked at again after this. */
    private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(5);

    private final ThrottleSettings settings;
    private final TokenBuckets buckets;
    private final TimeMeter time;
    private final BlockingStrategy blocking;
    /**
     * Each number's bucket, dropped once no turn was taken for {@link TokenBuckets#HOLD_UNUSED_AT_MOST} (its row in
     * PostgreSQL expires a day after the last take); read quietly (no use) by {@link #headroom}, {@link #currentRate}.
     */
    private final Cache<String, NumberBucket> numbers = Caffeine.newBuilder()
            .expireAfterAccess(TokenBuckets.HOLD_UNUSED_AT_MOST).build();
    private final RecipientPacing pacing;
    private final ThrottleMetrics metrics;

    @Autowired
    public WhatsAppThrottle(ThrottleSettings settings, SharedTokenBuckets buckets, ThrottleMetrics metrics) {
        this(settings, buckets, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING, metrics);
    }

    /**
     * With buckets, a clock and a way to wait of the caller's (tests: buckets of their own, a fake clock that waiting
     * moves forward).
     */
    public WhatsAppThrottle(ThrottleSettings settings, TokenBuckets buckets, TimeMeter time, BlockingStrategy blocking) {
        this(settings, buckets, time, blocking, ThrottleMetrics.unpublished());
    }

    private WhatsAppThrottle(ThrottleSettings settings, TokenBuckets buckets, TimeMeter time, BlockingStrategy blocking,
            ThrottleMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.buckets = buckets;
        this.time = time;
        this.blocking = blocking;
        this.pacing = new RecipientPacing(settings, time);
    }

    /** This JVM's buckets only, on {@code time} (the limiter's own tests). */
    public WhatsAppThrottle(ThrottleSettings settings, TimeMeter time, BlockingStrategy blocking) {
        this(settings, TokenBuckets.local(time), time, blocking);
    }

    /** {@code rate} per second: a bucket of 1/50 s worth (at least 1), refilled greedily with the rest. */
    static Bandwidth limit(int rate) {
        int capacity = (int) limitCapacity(rate);
        return Bandwidth.builder().capacity(capacity).refillGreedy(Math.max(1, rate - capacity), Duration.ofSeconds(1))
                .build();
    }

    private NumberBucket bucketOf(String phoneNumberId) {
        return new NumberBucket(phoneNumberId, settings, buckets, time, blocking);
    }

    static BucketConfiguration configuration(int rate) {
        return BucketConfiguration.builder().addLimit(limit(rate)).build();
    }

    /**
     * Before a call for {@code recipient} from {@code sender}: returns when the call may go, or throws
     * {@link ThrottledException} (the message is deferred). {@code wait} false: no waiting at all. A number's bucket
     * that cannot be reached (the database) defers the message too ({@code RATE_LIMIT_UNAVAILABLE}): no call without
     * a turn, and no attempt counted for it.
     */
    public void acquire(Sender sender, String recipient, boolean wait) {
        long start = time.currentTimeNanos();
        try {
            takeTurns(sender, recipient, wait);
        } catch (ThrottledException e) {
            metrics.deferred(e.code());
            throw e;
        }
        metrics.waited(time.currentTimeNanos() - start);
    }

    private void takeTurns(Sender sender, String recipient, boolean wait) {
        Runnable giveTurnBack = pacing.take(sender.phoneNumberId(), recipient);
        if (settings.rateLimit() == 0) {
            return;
        }
        try {
            takeNumbersTurn(sender, wait ? settings.maxWait() : Duration.ZERO);
        } catch (ThrottledException e) {
            giveTurnBack.run(); // not sent: the recipient keeps its turn
            throw e;
        } catch (RuntimeException e) {
            giveTurnBack.run();
            throw new ThrottledException("RATE_LIMIT_UNAVAILABLE", "The phone number's rate limit could not be read: "
                    + e.getClass().getSimpleName(), UNAVAILABLE_RETRY);
        }
    }

    private void takeNumbersTurn(Sender sender, Duration maxWait) {
        NumberBucket number = numbers.get(sender.phoneNumberId(), this::bucketOf);
        try {
            if (!number.turns.take(blockOf(number.rate()), settings.block(), maxWait)) {
                long nanos = number.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
                throw new ThrottledException("RATE_LIMIT", "Paced: the phone number is at its "
                        + settings.rateLimit() + " messages/s", Duration.ofNanos(Math.max(nanos, maxWait.toNanos())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThrottledException("RATE_LIMIT", "Interrupted while waiting for the rate limit", maxWait);
        }
    }

    /** After a failed call: 130429 slows the number down; 131056 empties the recipient's allowance. */
    public void failed(Sender sender, String recipient, DeliveryFailure failure) {
        if (sender == null || failure == null) {
            return;
        }
        if ("130429".equals(failure.code()) && settings.rateLimit() > 0) {
            try {
                numbers.get(sender.phoneNumberId(), this::bucketOf).slowDown();
                LOG.warn("WhatsApp says a phone number is over its throughput (130429): {} messages/s for {}",
                        slowedRate(), settings.slowDownFor());
            } catch (RuntimeException e) { // the failure itself is still recorded; the next 130429 slows down
                LOG.warn("WhatsApp says a phone number is over its throughput (130429), but its bucket could not be"
                        + " slowed down: {}", e.getClass().getSimpleName());
            }
        } else if ("131056".equals(failure.code())) {
            pacing.exhaust(sender.phoneNumberId(), recipient);
        }
    }

    /**
     * How many more calls of this number can get a turn within {@code WHATSAPP_THROTTLE_MAX_WAIT}, after the turns
     * already reserved: what one redelivery claim should take on, so that it is sent, not deferred and claimed again.
     */
    public long headroom(String phoneNumberId) {
        if (settings.rateLimit() == 0 || phoneNumberId == null || phoneNumberId.isBlank()) {
            return Long.MAX_VALUE;
        }
        NumberBucket number = numbers.policy().getIfPresentQuietly(phoneNumberId);
        long available = number == null ? limitCapacity(settings.rateLimit())
                : number.bucket.getAvailableTokens() + number.turns.usable();
        long withinWait = (long) (currentRate(phoneNumberId) * (settings.maxWait().toNanos() / 1e9));
        return Math.max(0, withinWait + available);
    }

    /** A number's rate while it is slowed down after a 130429. */
    private int slowedRate() {
        return NumberBucket.slowedRate(settings);
    }

    /** Turns per take from the shared bucket at {@code rate}: WHATSAPP_RATE_BLOCK's worth, at most its capacity. */
    private long blockOf(int rate) {
        long worth = rate * settings.block().toNanos() / 1_000_000_000L;
        return Math.max(1, Math.min(worth, limitCapacity(rate)));
    }

    private static long limitCapacity(int rate) {
        return Math.max(1, rate / 50);
    }

    /** The rate a number runs at now (its limit, or half of it while slowed down), for tests and monitoring. */
    public int currentRate(String phoneNumberId) {
        NumberBucket number = numbers.policy().getIfPresentQuietly(phoneNumberId);
        return number == null ? settings.rateLimit() : number.rate();
    }

    /** Forget every bucket (between tests). */
    public void reset() {
        numbers.invalidateAll();
        pacing.reset();
    }
}
