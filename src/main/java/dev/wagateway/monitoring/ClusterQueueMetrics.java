package dev.wagateway.monitoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cluster's queue, as every instance reads it from PostgreSQL: {@code whatsapp_queue_depth{status}} (queued,
 * sending), {@code whatsapp_queue_oldest_due_age_seconds} (how long the oldest message that is due has been waiting)
 * and {@code whatsapp_webhook_lag_seconds} (how long the oldest webhook event not processed yet has been waiting).
 * Each instance reports the same figures, labelled {@code scope="cluster"}: a dashboard takes their {@code max()},
 * never their {@code sum()}. One statement, reused for {@code monitoring.cache}, reads only the partial indexes of
 * the rows in those states ({@code ix_messages_queued_due}, {@code ix_messages_sending_lease},
 * {@code ix_webhook_events_received}), never the sent messages: see docs/operations.md for its plan.
 */
@Component
public class ClusterQueueMetrics {

    /** The tag every cluster-wide figure carries. */
    public static final Tags CLUSTER = Tags.of("scope", "cluster");

    static final String QUERY = """
            SELECT 0, count(*), min(coalesce(next_attempt_at, created_at))
                FILTER (WHERE next_attempt_at IS NULL OR next_attempt_at <= now())
            FROM messages WHERE status = 'queued'
            UNION ALL SELECT 1, count(*), NULL FROM messages WHERE status = 'sending'
            UNION ALL SELECT 2, count(*), min(received_at) FROM webhook_events WHERE status = 'received'""";

    /** The figures at one moment. */
    record Figures(Instant takenAt, long queued, long sending, long oldestDueAgeSeconds, long webhookLagSeconds) {
    }

    private final JdbcTemplate jdbc;
    private final Reused<Figures> reused;

    public ClusterQueueMetrics(JdbcTemplate jdbc, Clock clock, MonitoringSettings settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.reused = new Reused<>(clock, settings.cache(), this::read);
        Gauge.builder("whatsapp.queue.depth", () -> figures().queued()).tags(CLUSTER).tag("status", "queued")
                .description("Messages by status, all instances (take max over instances)").register(meters);
        Gauge.builder("whatsapp.queue.depth", () -> figures().sending()).tags(CLUSTER).tag("status", "sending")
                .description("Messages by status, all instances (take max over instances)").register(meters);
        Gauge.builder("whatsapp.queue.oldest.due.age", () -> figures().oldestDueAgeSeconds()).tags(CLUSTER)
                .baseUnit("seconds").description("How long the oldest due message has waited (take max)")
                .register(meters);
        Gauge.builder("whatsapp.webhook.lag", () -> figures().webhookLagSeconds()).tags(CLUSTER).baseUnit("seconds")
                .description("How long the oldest unprocessed webhook event has waited (take max)").register(meters);
    }

    /** The figures, read again once older than {@code monitoring.cache}. */
    Figures figures() {
        return reused.get();
    }

    private Figures read(Instant now) {
        long[] counts = new long[3];
        Instant[] oldest = new Instant[3];
        jdbc.query(QUERY, rs -> {
            int row = rs.getInt(1);
            counts[row] = rs.getLong(2);
            Timestamp at = rs.getTimestamp(3);
            oldest[row] = at == null ? null : at.toInstant();
        });
        return new Figures(now, counts[0], counts[1], age(oldest[0], now), age(oldest[2], now));
    }

    private static long age(Instant since, Instant now) {
        return since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds());
    }
}
