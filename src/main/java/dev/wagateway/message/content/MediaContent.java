package dev.wagateway.message.content;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;

/**
 * {@code image}, {@code video}, {@code audio}, {@code document} and {@code sticker}: {@code media} is {@code {link}}
 * (an absolute https URL WhatsApp fetches) or {@code {id}} (a media id from Meta's upload), exactly one; a
 * {@code caption} (at most 1,024 characters) for all but audio and sticker; a {@code filename} for a document only.
 * Written as the Cloud API's media object: {@code {"link": …, "caption": …, "filename": …}}.
 */
final class MediaContent {

    static final List<String> TYPES = List.of("image", "video", "audio", "document", "sticker");
    static final int MAX_CAPTION = 1024;
    static final int MAX_FILENAME = 240;
    private static final Pattern MEDIA_ID = Pattern.compile("[!-~]{1,256}");

    private MediaContent() {
    }

    static ObjectNode of(String type, JsonNode media, String caption, String filename) {
        Fields.object(media, "media");
        JsonNode link = media.get("link");
        JsonNode id = media.get("id");
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        if (Fields.absent(link) == Fields.absent(id)) {
            throw ApiException.validation("media must have a link or an id, exactly one of them");
        }
        if (!Fields.absent(link)) {
            content.put("link", Fields.httpsUrl(link, "media.link"));
        } else {
            String mediaId = Fields.text(id, "media.id", 256);
            if (!MEDIA_ID.matcher(mediaId).matches()) {
                throw ApiException.validation("media.id must be a media id from an upload (no spaces)");
            }
            content.put("id", mediaId);
        }
        if (caption != null) {
            if ("audio".equals(type) || "sticker".equals(type)) {
                throw ApiException.validation("caption is not allowed for " + type);
            }
            content.put("caption", Fields.checked(caption, "caption", MAX_CAPTION));
        }
        if (filename != null) {
            if (!"document".equals(type)) {
                throw ApiException.validation("filename is for a document only");
            }
            content.put("filename", Fields.checked(filename, "filename", MAX_FILENAME));
        }
        return content;
    }
}
