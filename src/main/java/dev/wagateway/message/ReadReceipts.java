package dev.wagateway.message;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code POST /messages/{id}/read}: the customer's message marked read on WhatsApp (blue ticks), with Meta's
 * {@code {"messaging_product":"whatsapp","status":"read","message_id":…}}, then its {@code read_at} kept. Another
 * tenant's or an unknown message: 404 MESSAGE_NOT_FOUND; one of ours (outbound): 409 INVALID_STATE.
 */
@Component("readReceipts")
public class ReadReceipts {

    /** The inbound message and the WhatsApp id Meta knows it by. */
    public record Receipt(UUID messageId, UUID tenantId, String externalMessageId) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ReadReceipts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Receipt find(Caller caller, String id) {
        UUID tenantId = caller.tenant();
        UUID messageId = Requests.uuid(id, "id");
        return jdbc.query("SELECT direction, external_message_id FROM messages WHERE id = ? AND tenant_id = ?", rs -> {
            if (!rs.next()) {
                throw MessageQueries.notFound(messageId);
            }
            if (!"inbound".equals(rs.getString(1)) || rs.getString(2) == null) {
                throw new ApiException(ErrorCode.INVALID_STATE, "Message " + messageId
                        + " is not a customer's message: only those are marked read");
            }
            return new Receipt(messageId, tenantId, rs.getString(2));
        }, messageId, tenantId);
    }

    /** What Meta's {@code /{phone-number-id}/messages} takes to mark a received message read. */
    public Map<String, Object> payload(Receipt receipt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messaging_product", "whatsapp");
        payload.put("status", "read");
        payload.put("message_id", receipt.externalMessageId());
        return payload;
    }

    /** Meta took it: {@code read_at} set (the first time only), and the answer {@code {id, read: true, read_at}}. */
    public Map<String, Object> recordRead(Receipt receipt) {
        Instant readAt = jdbc.queryForObject("UPDATE messages SET read_at = COALESCE(read_at, ?) WHERE id = ?"
                + " RETURNING read_at", Timestamp.class, Timestamp.from(clock.instant()), receipt.messageId())
                .toInstant();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", receipt.messageId());
        answer.put("read", true);
        answer.put("read_at", readAt);
        return answer;
    }
}
