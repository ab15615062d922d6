package dev.wagateway.message;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a send goes, as the store block's one statement found it ({@link QueuedMessages#resolve}): the contact's
 * phone, the (tenant, contact) conversation (found or created, and stamped), when the contact last wrote, and the
 * tenant's own WhatsApp number and encrypted token (null: the global ones). The immediate attempt needs nothing more.
 * {@code at}: when it was resolved, the conversation's new {@code last_message_at} and the message's creation time.
 * {@code optedOut}: the contact opted out (the send is refused: CONTACT_OPTED_OUT).
 */
public record Destination(UUID tenantId, UUID contactId, String phone, UUID conversationId, Instant lastInboundAt,
        String ownNumberId, byte[] ownToken, Instant at, boolean optedOut) {

    @Override
    public String toString() { // never the phone or the token
        return "Destination[contact=" + contactId + ", conversation=" + conversationId + "]";
    }
}
