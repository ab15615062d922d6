package dev.wagateway.message;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.wagateway.contact.Contacts;
import dev.wagateway.message.SendRequests.SendCommand;
import dev.wagateway.redelivery.RedeliverySettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the send route's store block around the JPA persist: resolve who the message is for, open the
 * conversation, and stamp it. They join the block's transaction ({@code inTransaction}): all of it commits or none.
 */
@Component("queuedMessages")
public class QueuedMessages {

    private final Contacts contacts;
    private final ConversationRepository conversations;
    private final RedeliverySettings redelivery;
    private final CustomerServiceWindow window;
    private final Clock clock;

    public QueuedMessages(Contacts contacts, ConversationRepository conversations,
            RedeliverySettings redelivery, CustomerServiceWindow window, Clock clock) {
        this.contacts = contacts;
        this.conversations = conversations;
        this.redelivery = redelivery;
        this.window = window;
        this.clock = clock;
    }

    /**
     * CONTACT_NOT_FOUND (also for another tenant's contact; the tenant is the API key's, so it exists), or, with the
     * window enforced, a
     * text to a contact who has not written for 24 hours: OUTSIDE_CUSTOMER_SERVICE_WINDOW. The command goes on
     * unchanged.
     */
    @Transactional(readOnly = true)
    public void resolveRecipient(SendCommand command) {
        contacts.requireInTenant(command.tenantId(), command.contactId());
        Instant lastInbound = conversations.findByTenantIdAndContactId(command.tenantId(), command.contactId())
                .map(Conversation::getLastInboundAt).orElse(null);
        if (window.refuses(command.type(), lastInbound)) {
            throw CustomerServiceWindow.outside(command.contactId());
        }
    }

    /**
     * Finds or creates the conversation of (tenant, contact) and returns the new queued message in it. When the send
     * route calls WhatsApp right after the commit ({@code deliverNow}), the message is leased to this instance for
     * that call ({@link Message#leaseForImmediateAttempt}): redelivery never sends it at the same time, and does send
     * it (marked a possible duplicate) if this process dies mid-call. Without that call (the delivery route is
     * suspended) it is due at once.
     */
    @Transactional
    public Message queueInConversation(SendCommand command, boolean deliverNow) {
        Conversation conversation = openConversation(command.tenantId(), command.contactId());
        Instant now = clock.instant();
        Message message = Message.queued(command.tenantId(), conversation.getId(), command.contactId(),
                command.type(), command.content(), now, null, now.plus(redelivery.messageTtl()));
        if (deliverNow) {
            message.leaseForImmediateAttempt(redelivery.instanceId(), now.plus(redelivery.lease()));
        }
        return message;
    }

    /** After the message is persisted: {@code conversation.last_message_at} = the message's creation time. */
    @Transactional
    public Message touchConversation(Message message) {
        conversations.touch(message.getConversationId(), message.getCreatedAt());
        return message;
    }

    private Conversation openConversation(UUID tenantId, UUID contactId) {
        conversations.insertIfAbsent(UUID.randomUUID(), tenantId, contactId, clock.instant());
        return conversations.findByTenantIdAndContactId(tenantId, contactId).orElseThrow();
    }
}
