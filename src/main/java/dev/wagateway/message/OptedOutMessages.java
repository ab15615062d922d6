package dev.wagateway.message;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.wagateway.api.ErrorCode;
import dev.wagateway.callback.CallbackEvents;
import dev.wagateway.callback.EventType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A contact opted out: its queued messages that no instance is sending end {@code failed} with
 * {@code CONTACT_OPTED_OUT}, in the opt-out's transaction, each with its {@code message.failed} event as any other
 * failure has. One conditional UPDATE decides, as a cancel does ({@link MessageCancels}): a message that redelivery
 * claimed first, or that is in its send's immediate attempt (leased), is left to the delivery route, which reads the
 * opt-out when it loads the message and fails it without calling WhatsApp if the opt-out committed by then.
 */
@Component("optedOutMessages")
@Transactional(propagation = Propagation.MANDATORY)
public class OptedOutMessages {

    /** Why: the last_error of each such message. */
    public static final String REASON = "The contact opted out before the message was sent";

    private static final String FAIL_QUEUED = "UPDATE messages SET status = 'failed', last_error_code = ?,"
            + " last_error_message = ?, next_attempt_at = NULL, failed_at = ?, updated_at = ?"
            + " WHERE contact_id = ? AND tenant_id = ? AND status = 'queued' AND lease_owner IS NULL RETURNING id";

    private final JdbcTemplate jdbc;
    private final MessageRepository messages;
    private final CallbackEvents callbackEvents;

    public OptedOutMessages(JdbcTemplate jdbc, MessageRepository messages, CallbackEvents callbackEvents) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.callbackEvents = callbackEvents;
    }

    /** The contact's queued, unleased messages, now failed; returns how many. */
    public int failQueued(UUID tenantId, UUID contactId, Instant now) {
        Timestamp at = Timestamp.from(now);
        List<UUID> failed = jdbc.queryForList(FAIL_QUEUED, UUID.class, ErrorCode.CONTACT_OPTED_OUT.name(), REASON,
                at, at, contactId, tenantId);
        if (!failed.isEmpty()) {
            for (Message message : messages.findAllById(failed)) {
                callbackEvents.messageChanged(message, EventType.MESSAGE_FAILED);
            }
        }
        return failed.size();
    }
}
