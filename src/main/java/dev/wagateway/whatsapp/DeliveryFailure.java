package dev.wagateway.whatsapp;

/**
 * A classified failure: {@code code} is the Graph error code when WhatsApp gave one ({@code "131026"}), otherwise
 * ours ({@code HTTP_503}, {@code TIMEOUT}, {@code CONNECTION_ERROR}, {@code WHATSAPP_NOT_CONFIGURED}…).
 */
public record DeliveryFailure(FailureCategory category, String code, String message) {
}
