package dev.wagateway.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Figures read from the database at most once per {@code monitoring.cache} ({@code MONITORING_CACHE}): the scrapes
 * and JMX reads in between take the last reading. One reader at a time; the others wait for its reading.
 */
final class Reused<T> {

    private record Reading<T>(Instant at, T value) {
    }

    private final Clock clock;
    private final Duration cache;
    private final Function<Instant, T> read;
    private volatile Reading<T> last;

    /** {@code read}: the figures at the instant given. */
    Reused(Clock clock, Duration cache, Function<Instant, T> read) {
        this.clock = clock;
        this.cache = cache;
        this.read = read;
    }

    T get() {
        Instant now = clock.instant();
        Reading<T> current = last;
        if (stale(current, now)) {
            synchronized (this) {
                current = last;
                if (stale(current, now)) {
                    current = new Reading<>(now, read.apply(now));
                    last = current;
                }
            }
        }
        return current.value();
    }

    private boolean stale(Reading<T> reading, Instant now) {
        return reading == null || reading.at().plus(cache).isBefore(now);
    }
}
