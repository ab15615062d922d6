package dev.wagateway.whatsapp;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import dev.wagateway.callback.CallbackEvents;
import dev.wagateway.callback.EventType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records WhatsApp's acceptances, many per statement, as PostgreSQL's group commit does: one call at a time writes
 * every acceptance queued so far in one {@code UPDATE ... FROM unnest(...)}; the calls that queued theirs meanwhile
 * wait (parked) for that write to end, and find theirs written, or write the next batch. Each call returns only once its own row is committed (or throws
 * what the write threw), so for its caller nothing changes but the count of statements: one alone, one for many
 * under load. The same transaction writes a {@code message.sent} event for each message that became sent and whose
 * tenant's endpoint wants it ({@link CallbackEvents}); tenants without one cost nothing more.
 */
@Component
public class SentRecorder {

    /** Most acceptances one statement writes. */
    static final int MAX_BATCH = 500;

    /**
     * Never over {@code cancelled} (a cancel only takes an unleased queued message, so none is being sent; this holds
     * even if one were). Returns each message, and whether its tenant's endpoint wants {@code message.sent} ({@link CallbackEvents}
     * leaves out a message recorded sent a second time: it has its event already), and since when it was due (its
     * creation, or its scheduled time) for {@link SendMetrics#timeToSent}.
     */
    private static final String MARK_SENT = """
            UPDATE messages m SET status = 'sent', external_message_id = o.wamid,
                metadata = m.metadata || jsonb_build_object('external_message_id', o.wamid),
                attempts = m.attempts + 1, sent_at = o.at, next_attempt_at = NULL, updated_at = o.at,
                lease_until = NULL, lease_owner = NULL
            FROM unnest(?::uuid[], ?::text[], ?::timestamptz[]) AS o(id, wamid, at)
            WHERE m.id = o.id AND m.status <> 'cancelled'
            RETURNING m.id, GREATEST(m.created_at, m.scheduled_at),\s"""
            + CallbackEvents.subscribedSql("m.tenant_id", EventType.MESSAGE_SENT);

    private record Accepted(UUID id, String wamid, Instant at, CompletableFuture<Void> written) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CallbackEvents callbackEvents;
    private final SendMetrics metrics;
    private final ConcurrentLinkedQueue<Accepted> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    public SentRecorder(JdbcTemplate jdbc, PlatformTransactionManager transactions, CallbackEvents callbackEvents,
            SendMetrics metrics) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.callbackEvents = callbackEvents;
    }

    /** Message {@code id} is {@code sent} as {@code wamid} at {@code at}: returns once that is committed. */
    public void record(UUID id, String wamid, Instant at) {
        Accepted mine = new Accepted(id, wamid, at, new CompletableFuture<>());
        queued.add(mine);
        writing.lock(); // parked while a write is under way; it may well have written this one
        try {
            while (!mine.written().isDone()) {
                writeQueued();
            }
        } finally {
            writing.unlock();
        }
        try {
            mine.written().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recording a sent message", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void writeQueued() {
        List<Accepted> batch = new ArrayList<>();
        for (Accepted next; batch.size() < MAX_BATCH && (next = queued.poll()) != null;) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<Instant[]> dueAndSent = new ArrayList<>();
            Map<UUID, Instant> sentAt = batch.stream()
                    .collect(Collectors.toMap(Accepted::id, Accepted::at, (first, again) -> first));
            transaction.executeWithoutResult(status -> {
                dueAndSent.clear();
                List<UUID> wantEvent = new ArrayList<>();
                jdbc.query(MARK_SENT, rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    dueAndSent.add(new Instant[] {rs.getTimestamp(2).toInstant(), sentAt.get(id)});
                    if (rs.getBoolean(3)) {
                        wantEvent.add(id);
                    }
                }, new SqlArrayValue("uuid", batch.stream().map(Accepted::id).toArray()),
                        new SqlArrayValue("text", batch.stream().map(Accepted::wamid).toArray()),
                        new SqlArrayValue("timestamptz", batch.stream().map(a -> Timestamp.from(a.at())).toArray()));
                callbackEvents.messagesSent(wantEvent);
            });
            dueAndSent.forEach(times -> metrics.timeToSent(times[0], times[1]));
            batch.forEach(a -> a.written().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(a -> a.written().completeExceptionally(e));
        }
    }
}
