package dev.wagateway.message;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to {@code POST /messages/send}: the message as it stands after the first call to WhatsApp, with the
 * caller's {@code client_reference}, a scheduled send's {@code scheduled_at} and a reply's {@code reply_to} (each
 * null when not given).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageView(UUID id, UUID tenantId, UUID conversationId, UUID contactId, String type, String content,
        MessageStatus status, int attempts, String externalMessageId, Instant createdAt, Instant sentAt,
        String clientReference, Instant scheduledAt, UUID replyTo) {

    public static MessageView of(Message m) {
        return new MessageView(m.getId(), m.getTenantId(), m.getConversationId(), m.getContactId(), m.getType(),
                m.getContent(), m.getStatus(), m.getAttempts(), m.getExternalMessageId(), m.getCreatedAt(),
                m.getSentAt(), m.getClientReference(), m.getScheduledAt(), m.getReplyTo());
    }

    /**
     * The answer once the message is committed, from what the route holds, without reading the database again:
     * the stored message, then what its immediate attempt did (null: none was made). Building it cannot fail for
     * want of the database, so a committed message is always answered 201.
     */
    public static MessageView afterAttempt(Message stored, Attempt attempt) {
        if (attempt == null) {
            return of(stored);
        }
        if (attempt.recorded() != null) {
            return of(attempt.recorded());
        }
        if (attempt.accepted()) {
            return new MessageView(stored.getId(), stored.getTenantId(), stored.getConversationId(),
                    stored.getContactId(), stored.getType(), stored.getContent(), MessageStatus.SENT,
                    stored.getAttempts() + 1, attempt.externalMessageId(), stored.getCreatedAt(), attempt.sentAt(),
                    stored.getClientReference(), stored.getScheduledAt(), stored.getReplyTo());
        }
        return of(stored);
    }
}
