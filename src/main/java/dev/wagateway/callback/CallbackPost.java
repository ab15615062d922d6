package dev.wagateway.callback;

import java.util.UUID;

/**
 * One event to post: where, and the exact body (the same bytes on every attempt). {@code deliveryId} null: the test
 * ping, which is posted once and not stored.
 */
public record CallbackPost(UUID deliveryId, UUID eventId, String type, UUID tenantId, String url, String body) {

    /** Without the URL and the body: a post never reaches a log line whole. */
    @Override
    public String toString() {
        return "CallbackPost[" + (deliveryId == null ? "ping" : deliveryId) + ", " + type + "]";
    }
}
