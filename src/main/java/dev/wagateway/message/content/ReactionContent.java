package dev.wagateway.message.content;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.Requests;

/**
 * {@code reaction}: {@code {messageId, emoji}}: our id of the message reacted to (one in the same conversation,
 * resolved to its WhatsApp id when the message is stored) and one emoji, or {@code ""} to remove the reaction.
 * Written as the Cloud API's {@code {"message_id": "wamid…", "emoji": "👍"}}.
 */
final class ReactionContent {

    /** An emoji may be several code points (a flag, a skin tone, a family joined by ZWJs): at most this many. */
    static final int MAX_EMOJI_CODE_POINTS = 16;

    private ReactionContent() {
    }

    /** Our id of the message reacted to. */
    static UUID target(JsonNode reaction) {
        Fields.object(reaction, "reaction");
        JsonNode id = reaction.get("messageId");
        return Requests.uuid(Fields.text(id, "reaction.messageId", 64), "reaction.messageId");
    }

    /** The Cloud API object with {@code message_id} null until the target's WhatsApp id is known. */
    static ObjectNode of(JsonNode reaction) {
        Fields.object(reaction, "reaction");
        JsonNode emoji = reaction.get("emoji");
        if (Fields.absent(emoji)) {
            throw ApiException.validation("reaction.emoji is required (\"\" removes a reaction)");
        }
        if (!emoji.isTextual()) {
            throw ApiException.validation("reaction.emoji must be a string");
        }
        String value = emoji.asText();
        if (!value.isEmpty()) {
            Fields.checked(value, "reaction.emoji", MAX_EMOJI_CODE_POINTS);
            if (value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isLetter(c))) {
                throw ApiException.validation("reaction.emoji must be one emoji, or \"\" to remove a reaction");
            }
        }
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.putNull("message_id");
        content.put("emoji", value);
        return content;
    }
}
