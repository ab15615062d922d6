package dev.wagateway.whatsapp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Meta's pair rate limit, kept per (phone number id, recipient) for {@link WhatsAppThrottle}: a burst of
 * {@code WHATSAPP_PAIR_BURST}, then one message per {@code WHATSAPP_PAIR_INTERVAL} (Bucket4j). A message over it is
 * deferred until the recipient's next turn not promised yet, without waiting: messages deferred together are due an
 * interval apart, each when the bucket has a token for it, not all at the first turn (where all but one would be
 * claimed and deferred again, turn after turn). Per instance.
 */
final class RecipientPacing {

    /** Pair buckets idle longer than a full refill are dropped (a new one is the same); looked at every this many. */
    private static final int SWEEP_EVERY = 10_000;
    private static final Runnable NOTHING_TO_GIVE_BACK = () -> { };

    private record Pair(String phoneNumberId, String recipient) {
    }

    /** {@code promisedNanos}: the latest turn given to a deferred message (none yet: far in the past). */
    private record PairBucket(Bucket bucket, AtomicLong lastUsedNanos, AtomicLong promisedNanos) {
    }

    private static final long NO_TURN_PROMISED = Long.MIN_VALUE / 2;

    private final ThrottleSettings settings;
    private final TimeMeter time;
    private final Map<Pair, PairBucket> pairs = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    RecipientPacing(ThrottleSettings settings, TimeMeter time) {
        this.settings = settings;
        this.time = time;
    }

    /**
     * Takes the recipient's turn, or throws {@link ThrottledException} {@code PAIR_RATE_LIMIT} with when the next
     * one comes. Returns what gives the turn back, should the call not be made after all.
     */
    Runnable take(String phoneNumberId, String recipient) {
        if (!settings.pacingPairs() || recipient == null) {
            return NOTHING_TO_GIVE_BACK;
        }
        PairBucket state = pairs.computeIfAbsent(new Pair(phoneNumberId, recipient), p -> new PairBucket(
                Bucket.builder().addLimit(Bandwidth.builder().capacity(settings.pairBurst())
                        .refillGreedy(1, settings.pairInterval()).build()).withCustomTimePrecision(time).build(),
                new AtomicLong(), new AtomicLong(NO_TURN_PROMISED)));
        long now = time.currentTimeNanos();
        state.lastUsedNanos().set(now);
        ConsumptionProbe probe = state.bucket().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long interval = settings.pairInterval().toNanos();
            long turn = state.promisedNanos().accumulateAndGet(now + probe.getNanosToWaitForRefill(),
                    (promised, earliest) -> Math.max(promised + interval, earliest));
            throw new ThrottledException("PAIR_RATE_LIMIT", "Paced: the recipient had its share of messages from"
                    + " this number", Duration.ofNanos(turn - now));
        }
        sweep();
        return () -> state.bucket().addTokens(1);
    }

    /** WhatsApp said 131056 (pair rate limit hit): the recipient's next messages wait a full interval. */
    void exhaust(String phoneNumberId, String recipient) {
        PairBucket state = recipient == null ? null : pairs.get(new Pair(phoneNumberId, recipient));
        if (state != null) {
            state.bucket().tryConsumeAsMuchAsPossible();
        }
    }

    private void sweep() {
        if (calls.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        long idle = settings.pairInterval().toNanos() * settings.pairBurst();
        long now = time.currentTimeNanos();
        pairs.values().removeIf(state -> now - state.lastUsedNanos().get() > idle);
    }

    void reset() {
        pairs.clear();
    }
}
