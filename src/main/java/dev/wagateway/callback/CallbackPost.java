package dev.wagateway.callback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * One event to post: where, the exact body (the same bytes on every attempt), and what signs it: the endpoint's
 * secret and, during a rotation's overlap, the previous one, both as stored (sealed with SECRETS_KEY, opened only to
 * sign). {@code endpointFailing}: its circuit has counted failures (a success must reset them). {@code deliveryId}
 * null: the test ping, which is posted once and not stored.
 */
public record CallbackPost(UUID deliveryId, UUID eventId, String type, UUID tenantId, String url, String body,
        byte[] sealedSecret, byte[] sealedPreviousSecret, boolean endpointFailing) {

    /**
     * The columns a post is read from, {@code d} a delivery (or the ping's values in its place) and {@code c} its
     * {@code tenant_callbacks} row: the delivery's id, event id, type, tenant and body, then the endpoint's side.
     */
    static final String COLUMNS = "d.id, d.event_id, d.type, d.tenant_id, d.body, c.url, c.secret,"
            + " CASE WHEN c.previous_secret_until > now() THEN c.previous_secret END, c.consecutive_failures > 0";

    static CallbackPost of(ResultSet rs, int row) throws SQLException {
        return new CallbackPost(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getObject(4, UUID.class), rs.getString(6), rs.getString(5), rs.getBytes(7), rs.getBytes(8),
                rs.getBoolean(9));
    }

    /** Without the URL, the body and the secrets: a post never reaches a log line whole. */
    @Override
    public String toString() {
        return "CallbackPost[" + (deliveryId == null ? "ping" : deliveryId) + ", " + type + "]";
    }
}
