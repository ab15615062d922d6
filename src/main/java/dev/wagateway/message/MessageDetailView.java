package dev.wagateway.message;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /messages/{id}} and the list: the send answer plus the last error, when the next attempt is due, when
 * an unsent message expires, the later timestamps, and whether it may have reached WhatsApp twice
 * ({@code possible_duplicate}: sent again after its instance died while a call for it was under way).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageDetailView(@JsonUnwrapped MessageView message, LastError lastError, Instant nextAttemptAt,
        Instant expiresAt, Instant deliveredAt, Instant readAt, Instant failedAt, Instant updatedAt,
        boolean possibleDuplicate) {

    /** Why the last attempt did not succeed: a Graph error code or one of ours (TIMEOUT, HTTP_503…). */
    public record LastError(String code, String message) {
    }

    public static MessageDetailView of(Message m) {
        LastError lastError = m.getLastErrorCode() == null ? null
                : new LastError(m.getLastErrorCode(), m.getLastErrorMessage());
        return new MessageDetailView(MessageView.of(m), lastError, m.getNextAttemptAt(), m.getExpiresAt(),
                m.getDeliveredAt(), m.getReadAt(), m.getFailedAt(), m.getUpdatedAt(),
                Boolean.TRUE.equals(m.getMetadata().get("possible_duplicate")));
    }
}
