package dev.wagateway.message;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The answer to {@code POST /messages/send}: the message as it stands after the first call to WhatsApp. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageView(UUID id, UUID tenantId, UUID conversationId, UUID contactId, String type, String content,
        MessageStatus status, int attempts, String externalMessageId, Instant createdAt, Instant sentAt) {

    public static MessageView of(Message m) {
        return new MessageView(m.getId(), m.getTenantId(), m.getConversationId(), m.getContactId(), m.getType(),
                m.getContent(), m.getStatus(), m.getAttempts(), m.getExternalMessageId(), m.getCreatedAt(),
                m.getSentAt());
    }
}
