package dev.wagateway.message.content;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;

/**
 * The content of a send of any type but text and template: its fields checked (VALIDATION_ERROR naming the field)
 * and written as the JSON text of the Cloud API's object under the type's key, exactly as it is sent to WhatsApp and
 * stored in {@code messages.content} (docs/message-types.md). One class per family: {@link MediaContent},
 * {@link LocationContent}, {@link InteractiveContent}, {@link ReactionContent}. Pure: no database, no Spring.
 */
public final class MessageContents {

    /** Every type a send may have, text (the default) and template first. */
    public static final List<String> TYPES = List.of("text", "template", "image", "video", "audio", "document",
            "sticker", "location", "interactive", "reaction");
    public static final String REACTION = "reaction";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request's fields a type may read (each null when absent). */
    public record ContentFields(JsonNode media, String caption, String filename, JsonNode location,
            JsonNode interactive, JsonNode reaction) {
    }

    /**
     * A checked content: the JSON text, and for a reaction our id of the message reacted to (its {@code message_id}
     * is filled in by {@link #reactingTo} once that message's WhatsApp id is known).
     */
    public record Content(String json, UUID reactionTarget) {
    }

    private MessageContents() {
    }

    /** The content of a send of this type (not text, not template). */
    public static Content of(String type, ContentFields fields) {
        if (MediaContent.TYPES.contains(type)) {
            return new Content(MediaContent.of(type, fields.media(), fields.caption(), fields.filename()).toString(),
                    null);
        }
        return switch (type) {
            case "location" -> new Content(LocationContent.of(fields.location()).toString(), null);
            case "interactive" -> new Content(InteractiveContent.of(fields.interactive()).toString(), null);
            case REACTION -> reaction(fields.reaction());
            default -> throw ApiException.validation("type must be one of: " + String.join(", ", TYPES));
        };
    }

    /** A reaction: its target checked first, then its emoji. */
    private static Content reaction(JsonNode reaction) {
        UUID target = ReactionContent.target(reaction);
        return new Content(ReactionContent.of(reaction).toString(), target);
    }

    /** A reaction's content with the WhatsApp id of the message it reacts to. */
    public static String reactingTo(String content, String whatsAppId) {
        try {
            ObjectNode reaction = (ObjectNode) JSON.readTree(content);
            reaction.put("message_id", whatsAppId);
            return reaction.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reaction's content is JSON", e);
        }
    }
}
