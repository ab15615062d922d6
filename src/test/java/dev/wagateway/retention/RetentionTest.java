package dev.wagateway.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wagateway.IntegrationTest;
import dev.wagateway.cluster.SharedTokenBuckets;
import dev.wagateway.idempotency.IdempotencySettings;
import dev.wagateway.idempotency.IdempotencyStore;
import dev.wagateway.message.MessageStatus;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Retention on backdated rows of the real database, with the shared context's beans and a purge of its own settings
 * (RETENTION_MESSAGES 90 days, RETENTION_WEBHOOK_EVENTS 7 days, two rows a statement): old final messages go with
 * their history and settled callback deliveries; a recent one, and an old queued or sending one, stay; a row another
 * transaction holds is left for the next run; {@code 0} keeps everything; finished batches go once their messages
 * have; processed webhook events go and the statuses they carried stay; rate-limit buckets unused for a day go.
 */
class RetentionTest extends IntegrationTest {

    private static final String BACKDATE = "UPDATE messages SET created_at = now() - interval '100 days',"
            + " updated_at = now() - interval '100 days' WHERE id = ?::uuid";

    @Autowired
    private IdempotencyStore idempotency;
    @Autowired
    private IdempotencySettings idempotencySettings;
    @Autowired
    private SharedTokenBuckets buckets;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger statements = new AtomicInteger();

    /** The purge with these settings; {@link #statements} counts its batch statements. */
    private RetentionPurge purge(Duration messages, Duration webhookEvents, int batchSize) {
        JdbcTemplate counting = new JdbcTemplate(jdbc.getDataSource()) {
            @Override
            public <T> T queryForObject(String sql, RowMapper<T> rowMapper, Object... args) {
                statements.incrementAndGet();
                return super.queryForObject(sql, rowMapper, args);
            }
        };
        return new RetentionPurge(counting, new RetentionSettings(messages, webhookEvents, Duration.ofHours(1),
                batchSize), idempotency, idempotencySettings, buckets, meters, Clock.systemUTC());
    }

    /**
     * Old final rows other test classes of the shared database left (CursorPaginationTest's backdated pages) would
     * share the batches counted below: they go first, through a purge with meters of its own.
     */
    private void purgeWhatOthersLeft() {
        RetentionPurge others = new RetentionPurge(jdbc, new RetentionSettings(Duration.ofDays(90), Duration.ofDays(7),
                Duration.ofHours(1), 1000), idempotency, idempotencySettings, buckets, new SimpleMeterRegistry(),
                Clock.systemUTC());
        others.messages(others.messagesCutoff());
        others.callbackDeliveries(others.messagesCutoff());
    }

    private double purged(String table) {
        var counter = meters.find("retention.rows.purged").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }

    private String sent(String tenant) {
        return api.send(tenant, api.contact(tenant, uniquePhone()), "retention").data().path("id").asText();
    }

    private boolean exists(String table, String column, Object id) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", Long.class, id) > 0;
    }

    @Test
    void old_final_messages_go_in_batches_with_their_history_and_nothing_queued_sending_or_recent_does()
            throws SQLException {
        GRAPH.stubFor(post(urlEqualTo("/v25.0/1234567890/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.RET\"}]}")));
        purgeWhatOthersLeft();
        String tenant = api.tenant("Retention");
        String[] old = new String[5];
        for (int i = 0; i < old.length; i++) {
            old[i] = sent(tenant);
            jdbc.update(BACKDATE, old[i]);
        }
        jdbc.update("UPDATE messages SET status = 'failed' WHERE id = ?::uuid", old[1]);
        jdbc.update("UPDATE messages SET status = 'cancelled' WHERE id = ?::uuid", old[2]);
        String recent = sent(tenant);
        String queued = sent(tenant);
        String sending = sent(tenant);
        jdbc.update(BACKDATE, queued);
        jdbc.update(BACKDATE, sending);
        // not due (redelivery leaves them alone), and leased by no running instance
        jdbc.update("UPDATE messages SET status = 'queued', next_attempt_at = now() + interval '1 day'"
                + " WHERE id = ?::uuid", queued);
        jdbc.update("UPDATE messages SET status = 'sending', lease_owner = 'gone', lease_until = now() + interval"
                + " '1 day' WHERE id = ?::uuid", sending);
        jdbc.update("INSERT INTO message_events (message_id, status, occurred_at, received_at) VALUES (?::uuid,"
                + " 'delivered', now(), now())", old[0]);
        UUID settled = UUID.randomUUID();
        jdbc.update("INSERT INTO callback_deliveries (id, event_id, tenant_id, type, message_id, sequence, body,"
                + " status, next_attempt_at, expires_at, created_at) VALUES (?, ?, ?::uuid, 'message.sent',"
                + " ?::uuid, 1, '{}', 'delivered', now(), now(), now() - interval '100 days')",
                settled, UUID.randomUUID(), tenant, old[0]);
        UUID aboutNoMessage = UUID.randomUUID();
        jdbc.update("INSERT INTO callback_deliveries (id, event_id, tenant_id, type, body, status,"
                + " next_attempt_at, expires_at, created_at) VALUES (?, ?, ?::uuid, 'batch.finished', '{}', 'dead',"
                + " now(), now(), now() - interval '100 days')", aboutNoMessage, UUID.randomUUID(), tenant);

        // the statement's final statuses (and its index's) are every status but queued and sending
        assertThat(RetentionPurge.FINAL_STATUSES.replace("'", "").split(", ")).containsExactlyInAnyOrder(
                Arrays.stream(MessageStatus.values())
                        .filter(status -> status != MessageStatus.QUEUED && status != MessageStatus.SENDING)
                        .map(MessageStatus::value).toArray(String[]::new));

        // 0: kept for ever
        RetentionPurge keepAll = purge(Duration.ZERO, Duration.ZERO, 2);
        assertThat(keepAll.messages(keepAll.messagesCutoff())).isZero();
        assertThat(keepAll.webhookEvents(keepAll.webhookEventsCutoff())).isZero();
        assertThat(exists("messages", "id", UUID.fromString(old[0]))).isTrue();

        // a row another transaction holds is skipped, not waited for
        RetentionPurge purge = purge(Duration.ofDays(90), Duration.ofDays(7), 2);
        long whileHeld;
        try (Connection other = jdbc.getDataSource().getConnection();
                PreparedStatement lock = other.prepareStatement(
                        "SELECT id FROM messages WHERE id = ?::uuid FOR UPDATE")) {
            other.setAutoCommit(false);
            lock.setString(1, old[4]);
            lock.executeQuery().close();
            statements.set(0);
            whileHeld = purge.messages(purge.messagesCutoff());
            other.rollback();
        }
        assertThat(whileHeld).as("the four old final messages not held").isEqualTo(4);
        assertThat(statements.get()).as("two a statement: 2, 2, then one finding none").isEqualTo(3);
        assertThat(exists("messages", "id", UUID.fromString(old[4]))).isTrue();
        assertThat(purge.messages(purge.messagesCutoff())).as("the next run takes it").isEqualTo(1);
        assertThat(purge.callbackDeliveries(purge.messagesCutoff())).isEqualTo(1);

        for (String gone : old) {
            assertThat(exists("messages", "id", UUID.fromString(gone))).as("old final message").isFalse();
        }
        assertThat(exists("message_events", "message_id", UUID.fromString(old[0]))).isFalse();
        assertThat(exists("callback_deliveries", "id", settled)).isFalse();
        assertThat(exists("callback_deliveries", "id", aboutNoMessage)).isFalse();
        for (String kept : new String[] {recent, queued, sending}) {
            assertThat(exists("messages", "id", UUID.fromString(kept))).as("recent, queued or sending").isTrue();
        }
        assertThat(purged("messages")).isEqualTo(5);
        assertThat(purged("message_events")).isEqualTo(1);
        assertThat(purged("callback_deliveries")).isEqualTo(2);
    }

    @Test
    void finished_batches_go_once_their_messages_have_and_processed_webhook_events_leave_their_statuses() {
        String tenant = api.tenant("Retention batches");
        UUID empty = batch("done", tenant);
        jdbc.update("INSERT INTO batch_rejections (batch_id, batch_row, error_code, error_message) VALUES (?, 2,"
                + " 'VALIDATION_ERROR', 'bad phone')", empty);
        UUID stillSending = batch("done", tenant);
        UUID running = batch("processing", tenant);
        GRAPH.stubFor(post(urlEqualTo("/v25.0/1234567890/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.RETB\"}]}")));
        String kept = sent(tenant);
        jdbc.update(BACKDATE, kept);
        jdbc.update("UPDATE messages SET batch_id = ?, batch_row = 1, status = 'queued', next_attempt_at = now()"
                + " + interval '1 day' WHERE id = ?::uuid", stillSending, kept);
        long oldEvent = webhookEvent("processed", 8);
        long failedEvent = webhookEvent("failed", 8);
        long recentEvent = webhookEvent("processed", 1);
        String recent = sent(tenant);
        jdbc.update("INSERT INTO message_events (message_id, status, occurred_at, received_at, webhook_event_id)"
                + " VALUES (?::uuid, 'read', now(), now(), ?)", recent, oldEvent);
        RetentionPurge purge = purge(Duration.ofDays(90), Duration.ofDays(7), 1000);

        assertThat(purge.batches(purge.messagesCutoff())).isGreaterThanOrEqualTo(1);
        assertThat(purge.webhookEvents(purge.webhookEventsCutoff())).isGreaterThanOrEqualTo(1);

        assertThat(exists("batches", "id", empty)).isFalse();
        assertThat(exists("batch_rejections", "batch_id", empty)).isFalse();
        assertThat(exists("batch_tenants", "batch_id", empty)).isFalse();
        assertThat(exists("batches", "id", stillSending)).as("a message of it is queued").isTrue();
        assertThat(exists("batches", "id", running)).as("not finished").isTrue();
        assertThat(exists("webhook_events", "id", oldEvent)).isFalse();
        assertThat(exists("webhook_events", "id", failedEvent)).isTrue();
        assertThat(exists("webhook_events", "id", recentEvent)).isTrue();
        assertThat(jdbc.queryForObject("SELECT webhook_event_id FROM message_events WHERE message_id = ?::uuid",
                Long.class, recent)).as("the status stays, its raw event gone").isNull();
        assertThat(camelContext.getRoute("retention").getEndpoint().getEndpointUri()).startsWith("quartz:");
    }

    @Test
    void a_rate_limit_bucket_unused_for_a_day_goes_and_is_made_again_on_its_next_use() throws Exception {
        String key = "retention-test:" + System.nanoTime();
        Bucket bucket = buckets.bucket(key, () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(5).refillGreedy(5, Duration.ofSeconds(1))).build());
        assertThat(bucket.tryConsume(1)).isTrue();
        long expiresAt = jdbc.queryForObject("SELECT expires_at FROM rate_limit_buckets WHERE id = ?", Long.class,
                key);
        assertThat(expiresAt - System.currentTimeMillis()).as("a day after its last take")
                .isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());

        jdbc.update("UPDATE rate_limit_buckets SET expires_at = 1 WHERE id = ?", key); // a day has passed
        assertThat(purge(Duration.ofDays(90), Duration.ofDays(7), 1000).rateLimitBuckets()).isGreaterThanOrEqualTo(1);
        assertThat(exists("rate_limit_buckets", "id", key)).isFalse();

        // made anew on its next use (a caller drops a bucket unused for TokenBuckets.HOLD_UNUSED_AT_MOST, well
        // within the day), by many at once: Bucket4j batches their takes
        Bucket again = buckets.bucket(key, () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(5).refillGreedy(5, Duration.ofSeconds(1))).build());
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                takes.add(callers.submit(() -> again.tryConsume(1)));
            }
            int granted = 0;
            for (Future<Boolean> take : takes) {
                granted += take.get() ? 1 : 0;
            }
            assertThat(granted).as("a full bucket's 5, and what refilled meanwhile").isBetween(5, 10);
        } finally {
            callers.shutdown();
        }
        assertThat(exists("rate_limit_buckets", "id", key)).isTrue();
    }

    private UUID batch(String status, String tenant) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO batches (id, file_name, sha256, format, status, rows_total, rows_accepted,"
                + " rows_rejected, started_at, finished_at, updated_at) VALUES (?, 'old.csv', ?, 'csv', ?, 2, 1, 1,"
                + " now() - interval '100 days', now() - interval '100 days', now() - interval '100 days')", id,
                String.format("%064x", id.getMostSignificantBits() & Long.MAX_VALUE), status);
        jdbc.update("INSERT INTO batch_tenants (batch_id, tenant_id) VALUES (?, ?::uuid)", id, tenant);
        return id;
    }

    private long webhookEvent(String status, int daysAgo) {
        return jdbc.queryForObject("INSERT INTO webhook_events (received_at, body, status, processed_at) VALUES"
                + " (now() - make_interval(days => ?), '{}'::bytea, ?, now()) RETURNING id", Long.class, daysAgo,
                status);
    }
}
