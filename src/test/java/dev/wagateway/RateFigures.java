package dev.wagateway;

import java.time.Duration;
import java.util.List;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;

/** What the rate-limit tests measure of a run: instants (nanoseconds, sorted) of the calls that went. */
public final class RateFigures {

    private static final long SECOND = 1_000_000_000L;

    private RateFigures() {
    }

    /** Calls per second from the first to the last. */
    public static double perSecond(List<Long> at) {
        return (at.size() - 1) / ((at.get(at.size() - 1) - at.get(0)) / 1e9);
    }

    /** The most calls in any window of one second. */
    public static int busiestSecond(List<Long> at) {
        int most = 0;
        for (int i = 0, j = 0; j < at.size(); j++) {
            while (at.get(j) - at.get(i) >= SECOND) {
                i++;
            }
            most = Math.max(most, j - i + 1);
        }
        return most;
    }

    /** A clock that only moves when someone waits on it (or the test moves it). */
    public static class FakeTime implements TimeMeter, BlockingStrategy {
        public long nanos = SECOND;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        @Override
        public void park(long nanosToPark) {
            nanos += nanosToPark;
        }

        public void advance(Duration duration) {
            nanos += duration.toNanos();
        }
    }
}
