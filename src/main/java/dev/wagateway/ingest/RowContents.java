package dev.wagateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wagateway.api.ApiException;
import dev.wagateway.message.SendRequests;
import dev.wagateway.message.content.MessageContents;
import dev.wagateway.message.content.MessageContents.ContentFields;

/**
 * A file row's content, by type, with the send's rules (docs/message-types.md): a text's {@code message}; a media,
 * location or interactive row's fields as the send checks and writes them (a CSV row's {@code media_url} is
 * {@code media.link}; an empty cell is absent). Refused (VALIDATION_ERROR): a template, a reaction and
 * {@code replyTo}, which need a single send.
 */
final class RowContents {

    private RowContents() {
    }

    static String content(String type, RowFields fields) {
        if (!absent(fields.replyTo())) {
            throw ApiException.validation("replyTo is not taken in a file: send a reply with POST /messages/send");
        }
        if (SendRequests.TEXT.equals(type)) {
            return SendRequests.content(fields.message());
        }
        if (SendRequests.TEMPLATE.equals(type) || MessageContents.REACTION.equals(type)) {
            throw ApiException.validation("type " + type + " is not taken in a file: send it with"
                    + " POST /messages/send");
        }
        JsonNode media = fields.media();
        String mediaUrl = present(fields.mediaUrl());
        if (mediaUrl != null) {
            if (!absent(media)) {
                throw ApiException.validation("give media or media_url, not both");
            }
            media = JsonNodeFactory.instance.objectNode().put("link", mediaUrl);
        }
        return MessageContents.of(type, new ContentFields(media, present(fields.caption()),
                present(fields.filename()), fields.location(), fields.interactive(), null)).json();
    }

    private static String present(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** JSON null or absent. */
    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
