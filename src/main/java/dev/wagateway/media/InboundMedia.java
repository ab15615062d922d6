package dev.wagateway.media;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.message.MessageQueries;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which file {@code GET /messages/{id}/media} fetches: the media id Meta gave a customer's image, video, audio,
 * document or sticker, kept in the message's content (the JSON of Meta's object, as the webhook stored it).
 * Another tenant's or an unknown message: 404 MESSAGE_NOT_FOUND; an outbound message, or an inbound one of another
 * type: 409 INVALID_STATE (it exists, it has no file to fetch).
 */
@Component("inboundMedia")
public class InboundMedia {

    static final Set<String> MEDIA_TYPES = Set.of("image", "video", "audio", "document", "sticker");
    /** Meta's media ids are digits; anything safe in a URL path segment is taken, nothing else. */
    private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** The message and the media id Meta knows its file by. */
    public record MediaReference(UUID messageId, UUID tenantId, String type, String mediaId) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public InboundMedia(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public MediaReference find(Caller caller, String id) {
        UUID tenantId = caller.tenant();
        UUID messageId = Requests.uuid(id, "id");
        return jdbc.query("SELECT direction, type, content FROM messages WHERE id = ? AND tenant_id = ?", rs -> {
            if (!rs.next()) {
                throw MessageQueries.notFound(messageId);
            }
            String type = rs.getString(2);
            if (!"inbound".equals(rs.getString(1)) || !MEDIA_TYPES.contains(type)) {
                throw new ApiException(ErrorCode.INVALID_STATE, "Message " + messageId
                        + " is not a customer's image, video, audio, document or sticker");
            }
            String mediaId = mediaId(rs.getString(3));
            if (mediaId == null) {
                throw new ApiException(ErrorCode.INVALID_STATE, "Message " + messageId + " carries no media id");
            }
            return new MediaReference(messageId, tenantId, type, mediaId);
        }, messageId, tenantId);
    }

    private String mediaId(String content) {
        try {
            JsonNode id = json.readTree(content).path("id");
            return id.isTextual() && MEDIA_ID.matcher(id.asText()).matches() ? id.asText() : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
