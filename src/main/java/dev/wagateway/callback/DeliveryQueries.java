package dev.wagateway.callback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Page;
import dev.wagateway.api.PageCursor;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code GET /callbacks/deliveries} (the caller's deliveries, newest first, a page at a time) and
 * {@code POST /callbacks/deliveries/{id}/redeliver} (a dead or cancelled one queued again, the same event).
 */
@Component("deliveryQueries")
public class DeliveryQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead", "cancelled");
    private static final String COLUMNS = "SELECT id, event_id, type, status, attempts, last_status_code, last_error,"
            + " next_attempt_at, created_at, delivered_at FROM callback_deliveries";

    /** One delivery as the tenant sees it: never its body (GET /messages has the message). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeliveryView(UUID id, UUID eventId, String type, String status, int attempts,
            Integer lastStatusCode, String lastError, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt) {
    }

    private final JdbcTemplate jdbc;
    private final CallbackSettings settings;

    public DeliveryQueries(JdbcTemplate jdbc, CallbackSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** {@code GET /callbacks/deliveries?status=&type=&limit=&cursor=}: newest first by the keyset (created_at, id). */
    @Transactional(readOnly = true)
    public Page<DeliveryView> list(Caller caller, String status, String type, String limit, String cursor) {
        UUID tenant = caller.tenant();
        int max = Requests.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant));
        if (status != null && !status.isEmpty()) {
            if (!STATUSES.contains(status)) {
                throw ApiException.validation("status must be one of: pending, delivered, dead, cancelled");
            }
            where.append(" AND status = ?");
            args.add(status);
        }
        if (type != null && !type.isEmpty()) {
            if (EventType.ofWireName(type).filter(t -> t != EventType.PING).isEmpty()) {
                throw ApiException.validation("type must be one of: " + EventType.subscribable());
            }
            where.append(" AND type = ?");
            args.add(type);
        }
        PageCursor after = PageCursor.decode(cursor, PageCursor.Kind.DELIVERIES);
        if (after != null) {
            after.restrict(where, args, "created_at");
        }
        args.add(max + 1);
        List<DeliveryView> found = jdbc.query(COLUMNS + where + " ORDER BY created_at DESC, id DESC LIMIT ?",
                DeliveryQueries::view, args.toArray());
        return Page.of(found, max, PageCursor.Kind.DELIVERIES, DeliveryView::createdAt, DeliveryView::id);
    }

    /**
     * Dead or cancelled: pending again, due now, its attempts counted afresh (the backoff starts over) within a new
     * CALLBACK_MAX_AGE; 409 INVALID_STATE otherwise.
     */
    @Transactional
    public DeliveryView redeliver(Caller caller, String id) {
        UUID tenant = caller.tenant();
        UUID deliveryId = Requests.uuid(id, "id");
        List<String> status = jdbc.queryForList("SELECT status FROM callback_deliveries WHERE id = ? AND tenant_id = ?"
                + " FOR UPDATE", String.class, deliveryId, tenant);
        if (status.isEmpty()) {
            throw new ApiException(ErrorCode.DELIVERY_NOT_FOUND, "Delivery " + deliveryId + " not found");
        }
        if (!"dead".equals(status.get(0)) && !"cancelled".equals(status.get(0))) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Delivery " + deliveryId + " is " + status.get(0)
                    + "; only a dead or cancelled delivery can be redelivered");
        }
        Boolean hasEndpoint = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM tenant_callbacks WHERE tenant_id = ?)",
                Boolean.class, tenant);
        if (!Boolean.TRUE.equals(hasEndpoint)) {
            throw TenantCallbacks.notFound(tenant);
        }
        jdbc.update("UPDATE callback_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(),"
                + " expires_at = now() + make_interval(secs => ?), lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ?", settings.maxAge().toMillis() / 1000.0, deliveryId);
        return jdbc.query(COLUMNS + " WHERE id = ?", DeliveryQueries::view, deliveryId).get(0);
    }

    private static DeliveryView view(ResultSet rs, int row) throws SQLException {
        return new DeliveryView(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                rs.getString("type"), rs.getString("status"), rs.getInt("attempts"),
                (Integer) rs.getObject("last_status_code"), rs.getString("last_error"),
                instant(rs.getTimestamp("next_attempt_at")), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("delivered_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
