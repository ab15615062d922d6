package dev.wagateway.message;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wagateway.contact.Contacts;
import dev.wagateway.message.SendRequests.SendCommand;
import dev.wagateway.redelivery.RedeliverySettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The steps of the send route's store block around the JPA persist. They run in the block's transaction
 * ({@code inTransaction}): all of it commits or none.
 */
@Component("queuedMessages")
public class QueuedMessages {

    /**
     * One statement: the contact in the tenant (by id: {@link #BY_ID}, or by phone, found or created:
     * {@link #BY_PHONE}); the (tenant, contact) conversation created if missing, its {@code last_message_at} stamped
     * (never moved back) and its row locked until the commit; the tenant's own number; whether the contact opted out.
     * No row: the contact is not the tenant's.
     */
    private static final String RESOLVE = """
            WITH %s, conversation AS (
                INSERT INTO conversations (id, tenant_id, contact_id, created_at, last_message_at)
                SELECT ?, ?, contact.id, ?, ? FROM contact
                ON CONFLICT (tenant_id, contact_id) DO UPDATE SET last_message_at =
                    GREATEST(conversations.last_message_at, EXCLUDED.last_message_at)
                RETURNING id, last_inbound_at
            )
            SELECT contact.phone, conversation.id, conversation.last_inbound_at, t.whatsapp_phone_number_id,
                t.whatsapp_token_encrypted, contact.id, contact.opted_out_at
            FROM contact CROSS JOIN conversation JOIN tenants t ON t.id = ?""";
    private static final String BY_ID = "contact AS (SELECT id, phone, opted_out_at FROM contacts WHERE id = ?"
            + " AND tenant_id = ?)";
    /**
     * The tenant's contact for the phone, or a new one named by its number (as a file row's): inserted only when
     * none is found; a send creating the same contact at the same moment waits for it and takes its row (the upsert's
     * update returns it), so two sends never make two contacts, nor fail. The update sets {@code name} to itself, not
     * {@code phone}: updating a column of a unique key would lock the row FOR UPDATE, which conflicts with the
     * FOR KEY SHARE of other sends' foreign-key checks on the contact (a deadlock with their conversation's lock).
     */
    private static final String BY_PHONE = """
            found AS (
                SELECT id, phone, opted_out_at FROM contacts WHERE tenant_id = ? AND phone = ?
            ), created AS (
                INSERT INTO contacts (id, tenant_id, name, phone, created_at)
                SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM found)
                ON CONFLICT (tenant_id, phone) DO UPDATE SET name = contacts.name
                RETURNING id, phone, opted_out_at
            ), contact AS (
                SELECT id, phone, opted_out_at FROM found UNION ALL SELECT id, phone, opted_out_at FROM created
            )""";

    private final JdbcTemplate jdbc;
    private final RedeliverySettings redelivery;
    private final CustomerServiceWindow window;
    private final Clock clock;

    public QueuedMessages(JdbcTemplate jdbc, RedeliverySettings redelivery, CustomerServiceWindow window,
            Clock clock) {
        this.jdbc = jdbc;
        this.redelivery = redelivery;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Who the message is for, in one statement ({@link #RESOLVE}). CONTACT_NOT_FOUND (also for another tenant's
     * contact; the tenant is the API key's, so it exists), CONTACT_OPTED_OUT (the contact opted out; a {@code to}
     * phone that is no contact yet has not), or, with the window enforced, any type but a template to a contact who
     * has not written for 24 hours: OUTSIDE_CUSTOMER_SERVICE_WINDOW (the block rolls back the conversation's stamp,
     * and the contact a {@code to} created).
     */
    public Destination resolve(SendCommand command) {
        Instant at = clock.instant();
        Timestamp now = Timestamp.from(at);
        UUID tenant = command.tenantId();
        List<Object> args = new ArrayList<>();
        if (command.phone() == null) {
            args.addAll(List.of(command.contactId(), tenant));
        } else {
            args.addAll(List.of(tenant, command.phone(), UUID.randomUUID(), tenant, command.phone(), command.phone(),
                    now));
        }
        args.addAll(List.of(UUID.randomUUID(), tenant, now, now, tenant));
        Destination destination = jdbc.query(RESOLVE.formatted(command.phone() == null ? BY_ID : BY_PHONE),
                (rs, i) -> new Destination(tenant, rs.getObject(6, UUID.class), rs.getString(1),
                        rs.getObject(2, UUID.class), instant(rs.getTimestamp(3)), rs.getString(4), rs.getBytes(5),
                        at, rs.getTimestamp(7) != null), args.toArray()).stream().findFirst()
                .orElseThrow(() -> Contacts.notFound(command.contactId()));
        if (destination.optedOut()) {
            throw Contacts.optedOut(destination.contactId());
        }
        if (window.refuses(command.type(), destination.lastInboundAt())) {
            throw CustomerServiceWindow.outside(destination.contactId());
        }
        return destination;
    }

    /**
     * The new queued message in the destination's conversation. When the send route calls WhatsApp right after the
     * commit ({@code deliverNow}), the message is leased to this instance for that call
     * ({@link Message#leaseForImmediateAttempt}): redelivery never sends it at the same time, and does send it
     * (marked a possible duplicate) if this process dies mid-call. Without that call (the delivery route is
     * suspended) it is due at once. A scheduled send ({@code sendAt}) is never attempted now: it is due at
     * {@code sendAt}, and its TTL counts from then.
     */
    public Message newQueued(SendCommand command, Destination destination, boolean deliverNow) {
        Instant now = destination.at();
        Instant sendAt = command.sendAt();
        Instant ttlFrom = sendAt == null ? now : sendAt;
        Message message = Message.queued(command.tenantId(), destination.conversationId(), destination.contactId(),
                command.type(), command.content(), command.clientReference(), sendAt, now, sendAt,
                ttlFrom.plus(redelivery.messageTtl()));
        message.replyTo(command.replyTo(), command.contextMessageId());
        if (deliverNow) {
            message.leaseForImmediateAttempt(redelivery.instanceId(), now.plus(redelivery.lease()));
        }
        return message;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
