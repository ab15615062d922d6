package dev.wagateway.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.wagateway.api.Requests;
import dev.wagateway.message.MessageQueries;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@code GET /messages/{id}/events}: the statuses WhatsApp reported for a message, in the order they happened. */
@Component("messageEvents")
public class MessageEvents {

    /** One reported status; {@code error} only for {@code failed}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventView(String status, Instant occurredAt, Instant receivedAt, Error error) {
    }

    /** WhatsApp's error code and message. */
    public record Error(String code, String message) {
    }

    private final JdbcTemplate jdbc;

    public MessageEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The caller's message's events; another tenant's message is not found. */
    public List<EventView> list(Caller caller, String id) {
        UUID tenant = caller.tenant();
        UUID messageId = Requests.uuid(id, "id");
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM messages WHERE id = ? AND tenant_id = ?)",
                Boolean.class, messageId, tenant);
        if (!Boolean.TRUE.equals(exists)) {
            throw MessageQueries.notFound(messageId);
        }
        return jdbc.query("SELECT status, occurred_at, received_at, error_code, error_message FROM message_events"
                + " WHERE message_id = ? ORDER BY occurred_at, id", (rs, i) -> new EventView(rs.getString(1),
                        rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(), rs.getString(4) == null
                                ? null : new Error(rs.getString(4), rs.getString(5))), messageId);
    }
}
