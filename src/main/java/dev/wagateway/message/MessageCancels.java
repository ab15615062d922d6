package dev.wagateway.message;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code POST /messages/{id}/cancel}: a queued message that no instance is sending becomes {@code cancelled}, for
 * good. One conditional UPDATE decides: it changes the row only while it is {@code queued} and unleased. A
 * redelivery claim takes the row with {@code FOR UPDATE SKIP LOCKED}: whichever locks it first wins; a cancel that
 * comes second waits for the claim's commit, finds {@code sending}, and changes nothing (409); a claim that comes
 * second skips the row, or finds it {@code cancelled}. So a message is never both cancelled and sent.
 */
@Component("messageCancels")
public class MessageCancels {

    /**
     * Only queued and unleased: a queued message with a lease is in the immediate attempt of its send (or its
     * instance died mid-call, and WhatsApp may have it): not cancellable.
     */
    private static final String CANCEL = "UPDATE messages SET status = 'cancelled', next_attempt_at = NULL,"
            + " updated_at = ? WHERE id = ? AND tenant_id = ? AND status = 'queued' AND lease_owner IS NULL";

    private final JdbcTemplate jdbc;
    private final MessageRepository messages;
    private final Clock clock;

    public MessageCancels(JdbcTemplate jdbc, MessageRepository messages, Clock clock) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The message, now {@code cancelled}. 404 MESSAGE_NOT_FOUND (also for another tenant's message); 409
     * INVALID_STATE for any other status, or a queued message being sent at this moment.
     */
    @Transactional
    public MessageDetailView cancel(Caller caller, String id) {
        UUID tenant = caller.tenant();
        UUID messageId = Requests.uuid(id, "id");
        int cancelled = jdbc.update(CANCEL, Timestamp.from(clock.instant()), messageId, tenant);
        Message message = messages.findById(messageId).filter(m -> m.getTenantId().equals(tenant))
                .orElseThrow(() -> MessageQueries.notFound(messageId));
        if (cancelled == 0) {
            throw new ApiException(ErrorCode.INVALID_STATE, message.getStatus() == MessageStatus.QUEUED
                    ? "Message " + messageId + " is being sent right now; only a queued message waiting for its turn"
                            + " can be cancelled"
                    : "Message " + messageId + " is " + message.getStatus().value()
                            + "; only a queued message can be cancelled");
        }
        return MessageDetailView.of(message);
    }
}
