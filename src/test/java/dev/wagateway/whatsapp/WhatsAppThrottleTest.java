package dev.wagateway.whatsapp;

import static dev.wagateway.RateFigures.busiestSecond;
import static dev.wagateway.RateFigures.perSecond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wagateway.RateFigures.FakeTime;
import dev.wagateway.cluster.TokenBuckets;
import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;
import org.junit.jupiter.api.Test;

/**
 * The limiter on a fake clock: waiting moves the clock forward, so what a second of sending looks like is computed,
 * not slept through.
 */
class WhatsAppThrottleTest {

    /** Callers in parallel: one's waiting does not move the clock for the others. */
    private static FakeTime frozen() {
        return new FakeTime() {
            @Override
            public void park(long nanosToPark) {
                // the others do not wait with it
            }
        };
    }

    private static final Sender NUMBER = new Sender("1111", "token", null);
    private static final Sender OTHER_NUMBER = new Sender("2222", "token", null);

    private static ThrottleSettings settings(int rate, Duration pairInterval, int pairBurst) {
        return new ThrottleSettings(rate, Duration.ofSeconds(2), pairInterval, pairBurst, Duration.ofSeconds(60),
                Duration.ZERO);
    }

    /** When each of {@code count} calls (each to its own recipient) went, in nanoseconds of the fake clock. */
    private static List<Long> send(WhatsAppThrottle throttle, FakeTime time, Sender sender, int count) {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            throttle.acquire(sender, "+1555" + i, true);
            at.add(time.nanos);
        }
        return at;
    }

    @Test
    void a_number_sends_at_its_limit_within_five_percent_and_no_second_holds_more() {
        for (int rate : new int[] {80, 500, 1000}) {
            FakeTime time = new FakeTime();
            WhatsAppThrottle throttle = new WhatsAppThrottle(settings(rate, Duration.ZERO, 1), time, time);

            List<Long> at = send(throttle, time, NUMBER, rate * 10);

            double achieved = perSecond(at);
            assertThat(achieved).as("rate %d", rate).isBetween(rate * 0.95, rate * 1.05);
            assertThat(busiestSecond(at)).as("busiest second at rate %d", rate).isLessThanOrEqualTo(rate);
        }
    }

    @Test
    void instances_drawing_from_the_same_buckets_keep_one_limit_together() {
        FakeTime time = new FakeTime();
        TokenBuckets shared = TokenBuckets.local(time);
        WhatsAppThrottle a = new WhatsAppThrottle(settings(80, Duration.ZERO, 1), shared, time, time);
        WhatsAppThrottle b = new WhatsAppThrottle(settings(80, Duration.ZERO, 1), shared, time, time);

        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            (i % 3 == 0 ? a : b).acquire(NUMBER, "+1555" + i, true); // unevenly: B makes two calls of three
            at.add(time.nanos);
        }

        double achieved = perSecond(at);
        assertThat(achieved).as("both together").isBetween(80 * 0.95, 80 * 1.05);
        assertThat(busiestSecond(at)).isLessThanOrEqualTo(80);
    }

    @Test
    void a_bucket_that_cannot_be_reached_defers_the_message_keeps_the_recipients_turn_and_fails_no_failure_route() {
        FakeTime time = new FakeTime();
        boolean[] databaseUp = {false};
        TokenBuckets local = TokenBuckets.local(time);
        TokenBuckets flaky = (key, configuration) -> {
            if (!databaseUp[0]) {
                throw new IllegalStateException("connection refused");
            }
            return local.bucket(key, configuration);
        };
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(80, Duration.ofSeconds(6), 1), flaky, time, time);

        ThrottledException deferred = catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15550001111", true),
                ThrottledException.class);

        assertThat(deferred.code()).isEqualTo("RATE_LIMIT_UNAVAILABLE");
        assertThat(deferred.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        // a 130429 meanwhile: the slow-down is lost, the failure route goes on to record the failure
        assertThatCode(() -> throttle.failed(NUMBER, "+15550001111",
                new DeliveryFailure(FailureCategory.TRANSIENT, "130429", "rate limit hit"))).doesNotThrowAnyException();
        databaseUp[0] = true;
        throttle.acquire(NUMBER, "+15550001111", true); // the recipient's one turn (burst 1) was given back
    }

    @Test
    void the_headroom_is_what_the_wait_can_serve_after_the_turns_already_reserved() {
        FakeTime frozen = frozen();
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(80, Duration.ZERO, 1), frozen, frozen);

        assertThat(throttle.headroom("1111")).isEqualTo(160 + 1); // 2 s at 80/s, and the bucket's one token
        for (int i = 0; i < 100; i++) {
            throttle.acquire(NUMBER, "+1777" + i, true);
        }
        assertThat(throttle.headroom("1111")).isBetween(59L, 61L);
        assertThat(new WhatsAppThrottle(settings(0, Duration.ZERO, 1), frozen, frozen).headroom("1111"))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void each_number_has_its_own_bucket() {
        FakeTime time = new FakeTime();
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(80, Duration.ZERO, 1), time, time);

        send(throttle, time, NUMBER, 80);
        long before = time.nanos;
        throttle.acquire(OTHER_NUMBER, "+15550", true);

        assertThat(time.nanos).as("the other number did not wait").isEqualTo(before);
    }

    @Test
    void a_call_that_would_wait_too_long_or_must_not_wait_is_deferred_with_its_turn() {
        FakeTime time = new FakeTime();
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(80, Duration.ZERO, 1), time, time);
        throttle.acquire(NUMBER, "+15550", false); // the bucket's one token (80 / 50 = 1)

        ThrottledException now = catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15551", false),
                ThrottledException.class);
        assertThat(now.code()).isEqualTo("RATE_LIMIT");
        assertThat(now.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(13));
        assertThat(time.nanos).as("no waiting for a REST send's attempt").isEqualTo(1_000_000_000L);

        // 200 callers at once on 80/s (the clock does not move while they wait): each reserves its turn; those whose
        // turn is more than the 2 s they may wait away are deferred to it
        FakeTime frozen = frozen();
        WhatsAppThrottle crowded = new WhatsAppThrottle(settings(80, Duration.ZERO, 1), frozen, frozen);
        List<ThrottledException> deferred = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try {
                crowded.acquire(NUMBER, "+1666" + i, true);
            } catch (ThrottledException e) {
                deferred.add(e);
            }
        }
        assertThat(200 - deferred.size()).as("calls given a turn within 2 s").isBetween(159, 162);
        assertThat(deferred).allSatisfy(e -> assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void a_recipient_gets_a_burst_then_one_message_per_interval_and_others_are_not_held_up() {
        FakeTime time = new FakeTime();
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(0, Duration.ofSeconds(6), 3), time, time);

        for (int i = 0; i < 3; i++) {
            throttle.acquire(NUMBER, "+15550001111", true);
        }
        ThrottledException paced = catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15550001111", true),
                ThrottledException.class);
        assertThat(paced.code()).isEqualTo("PAIR_RATE_LIMIT");
        assertThat(paced.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(time.nanos).as("pacing never blocks a thread").isEqualTo(1_000_000_000L);
        throttle.acquire(NUMBER, "+15550002222", true);       // another recipient
        throttle.acquire(OTHER_NUMBER, "+15550001111", true); // the same recipient from another number

        time.advance(Duration.ofSeconds(6));
        throttle.acquire(NUMBER, "+15550001111", true);
        assertThat(catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15550001111", true),
                ThrottledException.class)).isNotNull();
    }

    @Test
    void messages_deferred_together_to_one_recipient_are_due_an_interval_apart_each_with_a_turn_then() {
        FakeTime time = new FakeTime();
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(0, Duration.ofSeconds(6), 1), time, time);
        throttle.acquire(NUMBER, "+15550001111", true); // the burst of one

        List<Duration> due = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // a backlog claimed in one poll
            due.add(catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15550001111", true),
                    ThrottledException.class).retryAfter());
        }
        assertThat(due).containsExactly(Duration.ofSeconds(6), Duration.ofSeconds(12), Duration.ofSeconds(18));
        for (int i = 0; i < 3; i++) { // at each one's time, its turn is there: none is deferred again
            time.advance(Duration.ofSeconds(6));
            throttle.acquire(NUMBER, "+15550001111", true);
        }
        time.advance(Duration.ofSeconds(20)); // long after the promised turns: a burst again, then the bucket's wait
        throttle.acquire(NUMBER, "+15550001111", true);
        assertThat(catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15550001111", true),
                ThrottledException.class).retryAfter()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void a_message_deferred_by_the_numbers_limit_keeps_its_recipients_turn() {
        FakeTime time = new FakeTime();
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(80, Duration.ofSeconds(6), 1), time, time);
        throttle.acquire(NUMBER, "+15550000001", false); // the number's one token now

        assertThat(catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15550000002", false),
                ThrottledException.class).code()).isEqualTo("RATE_LIMIT");
        time.advance(Duration.ofMillis(20));
        throttle.acquire(NUMBER, "+15550000002", false); // its one-message burst was given back
    }

    @Test
    void a_130429_halves_the_numbers_rate_for_a_while_and_a_131056_paces_that_recipient_only() {
        FakeTime time = new FakeTime();
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings(500, Duration.ofSeconds(6), 45), time, time);
        DeliveryFailure overThroughput = new DeliveryFailure(FailureCategory.TRANSIENT, "130429", "rate limit hit");
        DeliveryFailure pairLimit = new DeliveryFailure(FailureCategory.TRANSIENT, "131056", "pair rate limit");

        throttle.acquire(NUMBER, "+15550001111", true);
        throttle.failed(NUMBER, "+15550001111", overThroughput);
        assertThat(throttle.currentRate("1111")).isEqualTo(250);
        assertThat(throttle.currentRate("2222")).isEqualTo(500);
        List<Long> slowed = send(throttle, time, NUMBER, 1000);
        double achieved = perSecond(slowed);
        assertThat(achieved).isBetween(250 * 0.95, 250 * 1.05);
        time.advance(Duration.ofSeconds(60));
        assertThat(throttle.currentRate("1111")).as("back after the slow-down").isEqualTo(500);

        throttle.acquire(NUMBER, "+15550009999", true);
        throttle.failed(NUMBER, "+15550009999", pairLimit);
        assertThat(catchThrowableOfType(() -> throttle.acquire(NUMBER, "+15550009999", true),
                ThrottledException.class).code()).isEqualTo("PAIR_RATE_LIMIT");
        throttle.acquire(NUMBER, "+15550008888", true); // any other recipient goes on
    }

    /**
     * WHATSAPP_RATE_BLOCK: turns come from the bucket 20 ms' worth at a time (20 at 1,000/s), so the bucket (a
     * PostgreSQL row in production) is taken from once per block, not per call, and the limit still holds.
     */
    @Test
    void turns_taken_in_blocks_keep_the_limit_with_one_bucket_take_per_block() {
        FakeTime time = new FakeTime();
        AtomicInteger takes = new AtomicInteger();
        TokenBuckets local = TokenBuckets.local(time);
        TokenBuckets counted = (key, configuration) -> counting(local.bucket(key, configuration), takes);
        ThrottleSettings settings = new ThrottleSettings(1000, Duration.ofSeconds(2), Duration.ZERO, 1,
                Duration.ofSeconds(60), Duration.ofMillis(20));
        WhatsAppThrottle throttle = new WhatsAppThrottle(settings, counted, time, time);
        takes.set(0); // making the bucket read it once

        List<Long> at = send(throttle, time, NUMBER, 10_000);

        assertThat(perSecond(at)).isBetween(1000 * 0.95, 1000 * 1.05);
        assertThat(busiestSecond(at)).isLessThanOrEqualTo(1000 + 20); // one block ahead at most
        assertThat(takes.get()).as("bucket takes for 10,000 calls").isLessThanOrEqualTo(10_000 / 20 * 2);

        // a held turn is dropped once the block's 20 ms have passed: no saving up for a burst
        time.advance(Duration.ofSeconds(5));
        List<Long> burst = send(throttle, time, NUMBER, 1_000);
        assertThat(busiestSecond(burst)).isLessThanOrEqualTo(1000 + 20);
    }

    /** The bucket, counting the calls that take from it (each one a transaction on a shared bucket). */
    private static Bucket counting(Bucket bucket, AtomicInteger takes) {
        return (Bucket) Proxy.newProxyInstance(Bucket.class.getClassLoader(), new Class<?>[] {Bucket.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("tryConsume")) {
                        takes.incrementAndGet();
                    }
                    Object result = method.invoke(bucket, args);
                    if (result instanceof BlockingBucket blocking) {
                        return Proxy.newProxyInstance(Bucket.class.getClassLoader(),
                                new Class<?>[] {BlockingBucket.class}, (p, m, a) -> {
                                    takes.incrementAndGet();
                                    return m.invoke(blocking, a);
                                });
                    }
                    return result;
                });
    }
}
