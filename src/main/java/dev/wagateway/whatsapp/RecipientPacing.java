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
 * deferred until the recipient's next turn, without waiting. Per instance.
 */
final class RecipientPacing {

    /** Pair buckets idle longer than a full refill are dropped (a new one is the same); looked at every this many. */
    private static final int SWEEP_EVERY = 10_000;
    private static final Runnable NOTHING_TO_GIVE_BACK = () -> { };

    private record Pair(String phoneNumberId, String recipient) {
    }

    private record PairBucket(Bucket bucket, AtomicLong lastUsedNanos) {
    }

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
                new AtomicLong()));
        state.lastUsedNanos().set(time.currentTimeNanos());
        ConsumptionProbe probe = state.bucket().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new ThrottledException("PAIR_RATE_LIMIT", "Paced: the recipient had its share of messages from"
                    + " this number", Duration.ofNanos(probe.getNanosToWaitForRefill()));
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
