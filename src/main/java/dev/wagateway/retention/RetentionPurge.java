package dev.wagateway.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.wagateway.cluster.SharedTokenBuckets;
import dev.wagateway.idempotency.IdempotencySettings;
import dev.wagateway.idempotency.IdempotencyStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the retention route deletes, each kind {@code batchSize} rows a statement (rows another transaction holds are
 * skipped: {@code FOR UPDATE SKIP LOCKED}), statement after statement until a short one. Each method takes its
 * cutoff (null: keep for ever) and returns how many rows of its main table went; every row deleted is counted in
 * {@code retention_rows_purged_total{table}}. A message goes with its {@code message_events} and its callback
 * deliveries that are no longer pending; a processed webhook event leaves the statuses it carried in place (their
 * reference to it set to null). Never a queued or sending message.
 */
@Component("retentionPurge")
public class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    /** A progress line each time this many more rows of one kind are deleted within one run. */
    static final long PROGRESS_EVERY = 100_000;

    /**
     * Final statuses: every status but queued and sending (a message no instance will touch again), written out in
     * the statement as in the partial index ix_messages_final_created (V16) that serves it. RetentionTest holds the
     * list to MessageStatus.
     */
    static final String FINAL_STATUSES = "'sent', 'delivered', 'read', 'failed', 'received', 'cancelled'";

    /** Old final messages, oldest first, with their status history and their settled callback deliveries. */
    private static final String MESSAGES = """
            WITH doomed AS (
                SELECT id FROM messages WHERE status IN (%s) AND created_at < ?
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED),
            events AS (DELETE FROM message_events WHERE message_id IN (SELECT id FROM doomed) RETURNING 1),
            deliveries AS (DELETE FROM callback_deliveries
                WHERE message_id IN (SELECT id FROM doomed) AND status <> 'pending' RETURNING 1),
            gone AS (DELETE FROM messages WHERE id IN (SELECT id FROM doomed) RETURNING 1)
            SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM events), (SELECT count(*) FROM deliveries)"""
            .formatted(FINAL_STATUSES);
    /**
     * Settled callback deliveries older than the messages' cutoff that are about no message (a batch's event; by
     * ix_callback_deliveries_no_message) or dead with their message gone (pending when it went; by
     * ix_callback_deliveries_dead); a kept message's deliveries stay, so its sequence never restarts.
     */
    private static final String CALLBACK_DELIVERIES = """
            DELETE FROM callback_deliveries WHERE id IN (
                SELECT id FROM callback_deliveries
                WHERE message_id IS NULL AND created_at < ? AND status <> 'pending'
                LIMIT ? FOR UPDATE SKIP LOCKED)""";
    private static final String DEAD_DELIVERIES = """
            DELETE FROM callback_deliveries WHERE id IN (
                SELECT d.id FROM callback_deliveries d
                WHERE d.status = 'dead' AND d.created_at < ?
                AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = d.message_id)
                LIMIT ? FOR UPDATE OF d SKIP LOCKED)""";
    /** Finished batches older than the cutoff none of whose messages is left, with their rejections and tenants. */
    private static final String BATCHES = """
            WITH doomed AS (
                SELECT id FROM batches b
                WHERE status IN ('done', 'failed') AND finished_at < ?
                AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.batch_id = b.id)
                LIMIT ? FOR UPDATE OF b SKIP LOCKED),
            rejections AS (DELETE FROM batch_rejections WHERE batch_id IN (SELECT id FROM doomed) RETURNING 1),
            owners AS (DELETE FROM batch_tenants WHERE batch_id IN (SELECT id FROM doomed) RETURNING 1),
            gone AS (DELETE FROM batches WHERE id IN (SELECT id FROM doomed) RETURNING 1)
            SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM rejections), (SELECT count(*) FROM owners)""";
    /** Processed events, oldest first (ix_webhook_events_processed). */
    private static final String WEBHOOK_EVENTS = """
            WITH doomed AS (
                SELECT id FROM webhook_events WHERE status = 'processed' AND received_at < ?
                ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED),
            statuses AS (UPDATE message_events SET webhook_event_id = NULL
                WHERE webhook_event_id IN (SELECT id FROM doomed) RETURNING 1),
            waiting AS (UPDATE pending_statuses SET webhook_event_id = NULL
                WHERE webhook_event_id IN (SELECT id FROM doomed) RETURNING 1),
            gone AS (DELETE FROM webhook_events WHERE id IN (SELECT id FROM doomed) RETURNING 1)
            SELECT count(*) FROM gone""";

    private final JdbcTemplate jdbc;
    private final RetentionSettings settings;
    private final IdempotencyStore idempotency;
    private final Duration idempotencyTtl;
    private final SharedTokenBuckets buckets;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter> purged = new ConcurrentHashMap<>();

    public RetentionPurge(JdbcTemplate jdbc, RetentionSettings settings, IdempotencyStore idempotency,
            IdempotencySettings idempotencySettings, SharedTokenBuckets buckets, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.idempotency = idempotency;
        this.idempotencyTtl = idempotencySettings.ttl();
        this.buckets = buckets;
        this.meters = meters;
        this.clock = clock;
    }

    /** Messages created before this are deleted once final; null with RETENTION_MESSAGES=0. */
    public Instant messagesCutoff() {
        return settings.purgesMessages() ? clock.instant().minus(settings.messages()) : null;
    }

    /** Processed webhook events received before this are deleted; null with RETENTION_WEBHOOK_EVENTS=0. */
    public Instant webhookEventsCutoff() {
        return settings.purgesWebhookEvents() ? clock.instant().minus(settings.webhookEvents()) : null;
    }

    /** Final messages created before {@code cutoff}, with their events and settled callback deliveries. */
    public long messages(Instant cutoff) {
        if (cutoff == null) {
            return 0;
        }
        return repeat("messages", () -> {
            long[] counts = jdbc.queryForObject(MESSAGES, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3)}, Timestamp.from(cutoff), settings.batchSize());
            count("message_events", counts[1]);
            count("callback_deliveries", counts[2]);
            return counts[0];
        });
    }

    /** Settled callback deliveries created before {@code cutoff} about no message, or dead with their message gone. */
    public long callbackDeliveries(Instant cutoff) {
        if (cutoff == null) {
            return 0;
        }
        return repeat("callback_deliveries",
                () -> jdbc.update(CALLBACK_DELIVERIES, Timestamp.from(cutoff), settings.batchSize()))
                + repeat("callback_deliveries",
                        () -> jdbc.update(DEAD_DELIVERIES, Timestamp.from(cutoff), settings.batchSize()));
    }

    /** Finished batches older than {@code cutoff} whose messages are all gone. */
    public long batches(Instant cutoff) {
        if (cutoff == null) {
            return 0;
        }
        return repeat("batches", () -> {
            long[] counts = jdbc.queryForObject(BATCHES, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3)}, Timestamp.from(cutoff), settings.batchSize());
            count("batch_rejections", counts[1]);
            count("batch_tenants", counts[2]);
            return counts[0];
        });
    }

    /**
     * Idempotency keys made before {@code cutoff} (only there when IDEMPOTENCY_TTL is longer than
     * RETENTION_MESSAGES): what they answer a repeat with may be gone. The idempotency-purge route does the rest.
     */
    public long idempotencyKeys(Instant cutoff) {
        if (cutoff == null) {
            return 0;
        }
        long deleted = idempotency.purgeExpiredAt(cutoff.plus(idempotencyTtl));
        count("idempotency_keys", deleted);
        return deleted;
    }

    /** Processed webhook events received before {@code cutoff}. */
    public long webhookEvents(Instant cutoff) {
        if (cutoff == null) {
            return 0;
        }
        return repeat("webhook_events",
                () -> jdbc.queryForObject(WEBHOOK_EVENTS, Long.class, Timestamp.from(cutoff), settings.batchSize()));
    }

    /** Rate-limit buckets no instance has taken from for a day (Bucket4j's expiration). */
    public long rateLimitBuckets() {
        return repeat("rate_limit_buckets", () -> buckets.removeExpired(settings.batchSize()));
    }

    private long repeat(String table, LongSupplier statement) {
        long total = 0;
        long deleted;
        do {
            deleted = statement.getAsLong();
            count(table, deleted);
            if (total / PROGRESS_EVERY != (total + deleted) / PROGRESS_EVERY) {
                LOG.info("Retention: {} rows of {} deleted so far", total + deleted, table);
            }
            total += deleted;
        } while (deleted >= settings.batchSize());
        return total;
    }

    private void count(String table, long rows) {
        if (rows > 0) {
            purged.computeIfAbsent(table, t -> Counter.builder("retention.rows.purged")
                    .description("Rows the retention job deleted, by table").tag("table", t).register(meters))
                    .increment(rows);
        }
    }
}
