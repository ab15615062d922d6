package dev.wagateway.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryBackoffTest {

    private static final int RUNS = 200;
    private static final Duration MAX = Duration.ofHours(1);

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(30), MAX);

    @ParameterizedTest(name = "after({0}) is {1}s ±15%")
    @CsvSource({"1, 30", "2, 60", "3, 120", "4, 240"})
    void doublesPerAttemptWithinJitter(int attempts, long nominalSeconds) {
        long nominal = nominalSeconds * 1000;
        long lower = Math.round(nominal * 0.85);
        long upper = Math.round(nominal * 1.15);

        for (int i = 0; i < RUNS; i++) {
            assertThat(backoff.after(attempts).toMillis()).isBetween(lower, upper);
        }
    }

    @Test
    void neverExceedsTheMaximum() {
        for (int attempts = 1; attempts <= 100; attempts++) {
            for (int i = 0; i < 20; i++) {
                assertThat(backoff.after(attempts)).as("after(%d)", attempts).isLessThanOrEqualTo(MAX);
            }
        }
    }

    @Test
    void manyAttemptsAreCappedAtTheMaximum() {
        for (int i = 0; i < RUNS; i++) {
            assertThat(backoff.after(20)).isPositive().isLessThanOrEqualTo(MAX);
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        for (int attempts = 1; attempts <= 3; attempts++) {
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < RUNS; i++) {
                seen.add(backoff.after(attempts));
            }
            assertThat(seen).as("distinct delays for after(%d)", attempts).hasSizeGreaterThan(1);
        }
    }
}
