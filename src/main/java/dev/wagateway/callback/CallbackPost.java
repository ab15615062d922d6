package dev.wagateway.callback;

import java.util.UUID;

/**
 * One event to post: where, the exact body (the same bytes on every attempt), and what signs it: the endpoint's
 * secret and, during a rotation's overlap, the previous one, both as stored (sealed with SECRETS_KEY, opened only to
 * sign). {@code endpointFailing}: its circuit has counted failures (a success must reset them). {@code deliveryId}
 * null: the test ping, which is posted once and not stored.
 */
public record CallbackPost(UUID deliveryId, UUID eventId, String type, UUID tenantId, String url, String body,
        byte[] sealedSecret, byte[] sealedPreviousSecret, boolean endpointFailing) {

    /** Without the URL, the body and the secrets: a post never reaches a log line whole. */
    @Override
    public String toString() {
        return "CallbackPost[" + (deliveryId == null ? "ping" : deliveryId) + ", " + type + "]";
    }
}
