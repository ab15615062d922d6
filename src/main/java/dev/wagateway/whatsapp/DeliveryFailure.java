package dev.wagateway.whatsapp;

import java.time.Duration;

/**
 * A classified failure: {@code code} is the Graph error code when WhatsApp gave one ({@code "131026"}), otherwise
 * ours ({@code HTTP_503}, {@code TIMEOUT}, {@code CONNECTION_ERROR}, {@code WHATSAPP_NOT_CONFIGURED}…).
 * {@code retryAfter}: for a deferral by our own limiter, when the message's turn comes; else null.
 */
public record DeliveryFailure(FailureCategory category, String code, String message, Duration retryAfter) {

    public DeliveryFailure(FailureCategory category, String code, String message) {
        this(category, code, message, null);
    }
}
