package dev.wagateway.webhook;

import java.time.Instant;

import dev.wagateway.message.MessageStatus;

/** One entry of {@code value.statuses[]}: WhatsApp's id of the message, what happened to it, and when. */
public record ReportedStatus(String phoneNumberId, String externalMessageId, MessageStatus status, Instant occurredAt,
        String errorCode, String errorMessage) {
}
