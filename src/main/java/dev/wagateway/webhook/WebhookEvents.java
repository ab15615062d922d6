package dev.wagateway.webhook;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook's inbox table: a signed request is stored raw (committed on its own, before Meta gets its 200), then
 * processed from the stored row — at once by the route, and again by the sweeper for any row still
 * {@code received}. Processing locks the row ({@code FOR UPDATE SKIP LOCKED}), so two instances or the route and
 * the sweeper never process one event twice.
 */
@Component("webhookEvents")
public class WebhookEvents {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEvents.class);

    private record Stored(byte[] body, Instant receivedAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final WebhookPayloads payloads;
    private final StatusUpdates statuses;
    private final InboundMessages inbound;
    private final WebhookSettings settings;
    private final WebhookMetrics metrics;
    private final Clock clock;

    public WebhookEvents(JdbcTemplate jdbc, PlatformTransactionManager transactions, WebhookPayloads payloads,
            StatusUpdates statuses, InboundMessages inbound, WebhookSettings settings, WebhookMetrics metrics,
            Clock clock) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.payloads = payloads;
        this.statuses = statuses;
        this.inbound = inbound;
        this.settings = settings;
        this.clock = clock;
    }

    /** The raw body, committed in its own transaction; returns the event's id. */
    public long store(byte[] body) {
        return jdbc.queryForObject("INSERT INTO webhook_events (received_at, body) VALUES (?, ?) RETURNING id",
                Long.class, Timestamp.from(clock.instant()), body);
    }

    /** What the webhook answers Meta: 200 with the stored event's id. */
    public Map<String, Object> receipt(long eventId) {
        return Map.of("event_id", eventId);
    }

    /** Ids of events still to process, oldest first (the sweeper's work). */
    public List<Long> unprocessed() {
        return jdbc.queryForList("SELECT id FROM webhook_events WHERE status = 'received' ORDER BY id LIMIT 100",
                Long.class);
    }

    /**
     * Stores the event's inbound messages and applies its statuses in one transaction and marks it processed. A failure rolls that back and is
     * counted: the sweeper tries again, up to {@code webhook.max-attempts}; a body that is not JSON fails at once.
     */
    public void process(long eventId) {
        try {
            WebhookPayloads.Notification processed = transaction.execute(tx -> {
                List<Stored> stored = jdbc.query("SELECT body, received_at FROM webhook_events WHERE id = ?"
                        + " AND status = 'received' FOR UPDATE SKIP LOCKED",
                        (rs, i) -> new Stored(rs.getBytes(1), rs.getTimestamp(2).toInstant()), eventId);
                if (stored.isEmpty()) {
                    return null; // processed already, or being processed elsewhere
                }
                WebhookPayloads.Notification notification;
                try {
                    Stored event = stored.get(0);
                    notification = payloads.read(event.body(), event.receivedAt());
                    for (InboundMessage message : notification.inbound()) {
                        inbound.store(message, eventId);
                    }
                    for (ReportedStatus status : notification.statuses()) {
                        statuses.apply(status, eventId, event.receivedAt());
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException(e);
                }
                jdbc.update("UPDATE webhook_events SET status = 'processed', attempts = attempts + 1,"
                        + " processed_at = ? WHERE id = ?", Timestamp.from(clock.instant()), eventId);
                return notification;
            });
            if (processed != null) {
                metrics.processed(processed.inbound().size(), processed.statuses().size());
            }
        } catch (RuntimeException e) {
            boolean malformed = e.getCause() instanceof JsonProcessingException;
            String status = jdbc.queryForObject("UPDATE webhook_events SET attempts = attempts + 1, last_error = ?,"
                    + " status = CASE WHEN ? OR attempts + 1 >= ? THEN 'failed' ELSE 'received' END WHERE id = ?"
                    + " RETURNING status", String.class, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    malformed, settings.maxAttempts(), eventId);
            if ("failed".equals(status)) {
                metrics.failed();
            }
            LOG.warn("Webhook event {} could not be processed ({}: {}); it is {}", eventId,
                    e.getClass().getSimpleName(), malformed ? "not JSON" : e.getMessage(),
                    "failed".equals(status) ? "failed (kept)" : "tried again by the sweeper");
        }
    }
}
