package dev.wagateway.webhook;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.wagateway.callback.CallbackEvents;
import dev.wagateway.callback.EventType;
import dev.wagateway.config.LogFields;
import dev.wagateway.message.Message;
import dev.wagateway.message.MessageRepository;
import dev.wagateway.message.MessageStatus;
import dev.wagateway.whatsapp.TenantNumbers;
import dev.wagateway.whatsapp.TenantNumbers.NumberOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a status WhatsApp reported to the message with that WhatsApp id: recorded once in {@code message_events},
 * then the message moves forward ({@link Message#applyReported}). A status for a message not known yet waits in
 * {@code pending_statuses}. The status's {@code metadata.phone_number_id} must be the global number or the message's
 * tenant's own; one for a number that is not ours, or another tenant's, is ignored.
 */
@Component("statusUpdates")
public class StatusUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdates.class);

    private record Pending(String externalId, MessageStatus status, Instant occurredAt, Instant receivedAt,
            String errorCode, String errorMessage, Long eventId) {
    }

    private final MessageRepository messages;
    private final JdbcTemplate jdbc;
    private final TenantNumbers numbers;
    private final WebhookSettings settings;
    private final CallbackEvents callbackEvents;
    private final Clock clock;

    public StatusUpdates(MessageRepository messages, JdbcTemplate jdbc, TenantNumbers numbers,
            WebhookSettings settings, CallbackEvents callbackEvents, Clock clock) {
        this.callbackEvents = callbackEvents;
        this.messages = messages;
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.settings = settings;
        this.clock = clock;
    }

    /** In the caller's transaction (the processing of one stored webhook event). */
    @Transactional
    public void apply(ReportedStatus status, long eventId, Instant receivedAt) {
        Optional<NumberOwner> owner = numbers.ownerOf(status.phoneNumberId());
        if (owner.isEmpty()) {
            LOG.warn("Webhook event {}: status for phone number id {}, not ours: ignored", eventId,
                    status.phoneNumberId());
            return;
        }
        Pending pending = new Pending(status.externalMessageId(), status.status(), status.occurredAt(), receivedAt,
                status.errorCode(), status.errorMessage(), eventId);
        List<Message> found = messages.findByExternalIdForUpdate(status.externalMessageId());
        if (found.isEmpty()) {
            jdbc.update("INSERT INTO pending_statuses (external_message_id, status, occurred_at, received_at,"
                    + " error_code, error_message, webhook_event_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", pending.externalId(), pending.status().value(),
                    Timestamp.from(pending.occurredAt()), Timestamp.from(receivedAt), pending.errorCode(),
                    pending.errorMessage(), eventId);
            LOG.info("Webhook event {}: {} for unknown WhatsApp id {} kept until its message appears", eventId,
                    pending.status().value(), pending.externalId());
            return;
        }
        for (Message message : found) {
            if (owner.get().global() || owner.get().tenantId().equals(message.getTenantId())) {
                record(message, pending);
            } else {
                LOG.warn("Webhook event {}: status for message {} came from another tenant's number: ignored",
                        eventId, message.getId());
            }
        }
    }

    /**
     * Statuses that were waiting for their message and whose message now has that WhatsApp id are applied, in the
     * order they happened; those older than the retention are given up, each with a log line.
     */
    @Transactional
    public void applyPending() {
        List<Pending> ready = jdbc.query("SELECT p.external_message_id, p.status, p.occurred_at, p.received_at,"
                + " p.error_code, p.error_message, p.webhook_event_id FROM pending_statuses p"
                + " WHERE EXISTS (SELECT 1 FROM messages m WHERE m.external_message_id = p.external_message_id)"
                + " ORDER BY p.occurred_at LIMIT 500 FOR UPDATE SKIP LOCKED",
                (rs, i) -> new Pending(rs.getString(1), MessageStatus.parse(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getString(5),
                        rs.getString(6), (Long) rs.getObject(7)));
        for (Pending pending : ready) {
            messages.findByExternalIdForUpdate(pending.externalId()).forEach(message -> record(message, pending));
            jdbc.update("DELETE FROM pending_statuses WHERE external_message_id = ? AND status = ?",
                    pending.externalId(), pending.status().value());
        }
        Timestamp cutoff = Timestamp.from(clock.instant().minus(settings.pendingRetention()));
        jdbc.query("DELETE FROM pending_statuses WHERE received_at < ? RETURNING external_message_id, status",
                rs -> {
                    LOG.warn("WhatsApp reported {} for {}, which matches no message after {}: given up",
                            rs.getString(2), rs.getString(1), settings.pendingRetention());
                }, cutoff);
    }

    private void record(Message message, Pending status) {
        int inserted = jdbc.update("INSERT INTO message_events (message_id, status, occurred_at, received_at,"
                + " error_code, error_message, webhook_event_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (message_id, status) DO NOTHING", message.getId(), status.status().value(),
                Timestamp.from(status.occurredAt()), Timestamp.from(status.receivedAt()), status.errorCode(),
                status.errorMessage(), status.eventId());
        if (inserted == 0) {
            return; // the same status again: already recorded and applied
        }
        MessageStatus before = message.getStatus();
        try (var fields = LogFields.about(message.getId(), message.getTenantId())) {
            if (message.applyReported(status.status(), status.errorCode(), status.errorMessage(),
                    status.occurredAt(), clock.instant())) {
                LOG.info("Message {} is {} (reported by WhatsApp)", message.getId(), status.status().value());
                EventType.forStatus(status.status()).ifPresent(type -> callbackEvents.messageChanged(message, type));
            } else {
                LOG.info("Message {}: WhatsApp reported {} while it is {}; recorded, status unchanged",
                        message.getId(), status.status().value(), before.value());
            }
        } finally {
            MDC.remove(LogFields.TENANT_ID);
        }
    }
}
