package dev.wagateway.whatsapp;

import java.util.UUID;

import dev.wagateway.message.Destination;
import dev.wagateway.message.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What one attempt needs: the message's type and content (and a reply's context), the recipient's phone, and its tenant's own number (if
 * any). A send's immediate attempt has it from its store block ({@link #of}); redelivery reads it in one statement
 * ({@link #load}). The payload and the sender are made from it without going back to the database.
 */
@Component("outgoingMessages")
public class OutgoingMessages {

    /**
     * A stored message about to be sent. {@code ownNumberId}/{@code ownToken}: the tenant's own sender, or null;
     * {@code contextMessageId}: the WhatsApp id of the message it replies to, or null. {@code optedOut}: its contact
     * opted out since it was queued (the route fails it, WhatsApp is not called).
     */
    public record Outgoing(UUID id, String type, String content, String phone, UUID tenantId, String ownNumberId,
            byte[] ownToken, String contextMessageId, boolean optedOut) {

        @Override
        public String toString() {
            return "Outgoing[" + id + "]";
        }
    }

    private final JdbcTemplate jdbc;

    public OutgoingMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A message just stored by a send, with what its store block read (a contact who opted out was refused). */
    public Outgoing of(Message stored, Destination destination) {
        return new Outgoing(stored.getId(), stored.getType(), stored.getContent(), destination.phone(),
                stored.getTenantId(), destination.ownNumberId(), destination.ownToken(), stored.getContextMessageId(),
                destination.optedOut());
    }

    /**
     * A stored message by its id, in one statement, with whether its contact has opted out as of now: an opt-out
     * committed before this read stops the call; one committed after it finds the attempt under way.
     */
    public Outgoing load(UUID messageId) {
        return jdbc.queryForObject("SELECT m.type, m.content, c.phone, t.id, t.whatsapp_phone_number_id,"
                + " t.whatsapp_token_encrypted, m.context_message_id, c.opted_out_at IS NOT NULL FROM messages m"
                + " JOIN contacts c ON c.id = m.contact_id JOIN tenants t ON t.id = m.tenant_id WHERE m.id = ?",
                (rs, i) -> new Outgoing(messageId, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getBytes(6), rs.getString(7),
                        rs.getBoolean(8)), messageId);
    }
}
