package dev.wagateway.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.wagateway.monitoring.ClusterQueueMetrics;
import dev.wagateway.monitoring.MonitoringSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tenant callbacks in Prometheus: {@code callback_deliveries_total{outcome, type}} and
 * {@code callback_delivery_duration_seconds{outcome}} counted by this instance for each post it made; and the
 * deliveries pending and dead over all instances ({@code callback_deliveries_pending}, {@code _dead}, labelled
 * {@code scope="cluster"}: every instance reports the same figure, so a dashboard takes their max), read at most once
 * per {@code monitoring.cache} through the partial indexes of those two states.
 */
@Component("callbackMetrics")
public class CallbackMetrics {

    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration cache;
    /** The meters by their tags, registered once: a registry lookup on every post cost more than the count. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile long[] counts = {0, 0};
    private volatile Instant countedAt = Instant.EPOCH;

    public CallbackMetrics(MeterRegistry meters, JdbcTemplate jdbc, Clock clock, MonitoringSettings monitoring) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.clock = clock;
        this.cache = monitoring.cache();
        Gauge.builder("callback.deliveries.pending", () -> counts()[0]).tags(ClusterQueueMetrics.CLUSTER)
                .description("Callback deliveries not delivered yet, all instances").register(meters);
        Gauge.builder("callback.deliveries.dead", () -> counts()[1]).tags(ClusterQueueMetrics.CLUSTER)
                .description("Callback deliveries given up after CALLBACK_MAX_AGE, all instances").register(meters);
    }

    /** One post this instance made (a stored delivery's attempt). */
    public void record(CallbackPost post, CallbackOutcome outcome) {
        String result = outcome.delivered() ? "delivered" : "failed";
        counters.computeIfAbsent(result + " " + post.type(), key -> Counter.builder("callback.deliveries")
                .description("Posts to tenants' callback endpoints, by outcome").tag("outcome", result)
                .tag("type", post.type()).register(meters)).increment();
        timers.computeIfAbsent(result, key -> Timer.builder("callback.delivery.duration")
                .description("Time a post to a tenant's endpoint took").tag("outcome", result)
                .publishPercentileHistogram().register(meters)).record(outcome.durationMs(), TimeUnit.MILLISECONDS);
    }

    private long[] counts() {
        Instant now = clock.instant();
        if (countedAt.plus(cache).isBefore(now)) {
            synchronized (this) {
                if (countedAt.plus(cache).isBefore(now)) {
                    counts = new long[] {
                        jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE status = 'pending'",
                                Long.class),
                        jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE status = 'dead'",
                                Long.class)};
                    countedAt = now;
                }
            }
        }
        return counts;
    }
}
