package dev.wagateway.message;

import java.time.Instant;

/**
 * What one call to WhatsApp did, as the whatsapp-delivery route ends with it (its body): accepted ({@code sent}, with
 * WhatsApp's id, whether or not the database has recorded it yet), the message as the failure left it in the
 * database ({@code recorded}), or nothing known beyond the stored message (an outcome that could not be recorded).
 */
public record Attempt(MessageStatus status, String externalMessageId, Instant sentAt, Message recorded) {

    public static Attempt sent(String externalMessageId, Instant at) {
        return new Attempt(MessageStatus.SENT, externalMessageId, at, null);
    }

    /** A failure, after it was recorded: the message as it now stands. */
    public static Attempt recorded(Message message) {
        return new Attempt(message.getStatus(), message.getExternalMessageId(), message.getSentAt(), message);
    }

    /** Not accepted, and the outcome not recorded: the message is as it was stored (queued, leased). */
    public static Attempt unrecorded() {
        return new Attempt(MessageStatus.QUEUED, null, null, null);
    }

    public boolean accepted() {
        return status == MessageStatus.SENT;
    }
}
