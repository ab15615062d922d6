package dev.wagateway.whatsapp;

import java.util.UUID;

import dev.wagateway.contact.PhoneNumbers;
import dev.wagateway.config.LogFields;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What one attempt needs, read in one statement: the message's type and content, the recipient's phone, and its
 * tenant's own number (if any). The payload and the sender are made from it without going back to the database.
 */
@Component("outgoingMessages")
public class OutgoingMessages {

    /** A stored message about to be sent. {@code ownNumberId}/{@code ownToken}: the tenant's own sender, or null. */
    public record Outgoing(UUID id, String type, String content, String phone, UUID tenantId, String ownNumberId,
            byte[] ownToken) {

        @Override
        public String toString() {
            return "Outgoing[" + id + "]";
        }
    }

    /** Exchange property with the recipient's masked phone, for log lines. */
    public static final String MASKED_PHONE = "maskedPhone";
    /** Exchange property with the recipient's phone (E.164), for the pair pacing; never logged. */
    public static final String RECIPIENT = "recipient";

    private final JdbcTemplate jdbc;

    public OutgoingMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Also sets the exchange properties the route logs and paces by: the masked phone and the recipient. */
    public Outgoing load(UUID messageId, Exchange exchange) {
        Outgoing outgoing = jdbc.queryForObject("SELECT m.type, m.content, c.phone, t.id, t.whatsapp_phone_number_id,"
                + " t.whatsapp_token_encrypted FROM messages m JOIN contacts c ON c.id = m.contact_id"
                + " JOIN tenants t ON t.id = m.tenant_id WHERE m.id = ?", (rs, i) -> new Outgoing(messageId,
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getString(5), rs.getBytes(6)), messageId);
        exchange.setProperty(MASKED_PHONE, PhoneNumbers.mask(outgoing.phone()));
        exchange.setProperty(RECIPIENT, outgoing.phone());
        exchange.setProperty(LogFields.TENANT_ID, outgoing.tenantId()); // a field of the attempt's log lines
        return outgoing;
    }
}
