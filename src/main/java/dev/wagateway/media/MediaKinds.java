package dev.wagateway.media;

import java.util.Locale;
import java.util.Map;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Meta's table of the media the Cloud API takes ("Supported media types"): each MIME type with its kind and its
 * largest size. A type not in it is refused (400 {@code VALIDATION_ERROR}, naming the
 * {@code file} part: the request's own Content-Type, multipart, is right; the file in it is not), a file over its type's size or over
 * {@code MEDIA_MAX_BYTES} is refused (413 {@code PAYLOAD_TOO_LARGE}), both before anything reaches Meta.
 */
@Component("mediaKinds")
public class MediaKinds {

    private static final long KB = 1024;
    private static final long MB = 1024 * KB;

    /** One row of Meta's table: the message type it is sent as, and its largest size in bytes. */
    public record Kind(String type, long maxBytes) {
    }

    static final Map<String, Kind> BY_MIME_TYPE = Map.ofEntries(
            Map.entry("audio/aac", new Kind("audio", 16 * MB)),
            Map.entry("audio/amr", new Kind("audio", 16 * MB)),
            Map.entry("audio/mpeg", new Kind("audio", 16 * MB)),
            Map.entry("audio/mp4", new Kind("audio", 16 * MB)),
            Map.entry("audio/ogg", new Kind("audio", 16 * MB)), // OPUS codecs only (Meta checks the codec)
            Map.entry("text/plain", new Kind("document", 100 * MB)),
            Map.entry("application/pdf", new Kind("document", 100 * MB)),
            Map.entry("application/msword", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    new Kind("document", 100 * MB)),
            Map.entry("application/vnd.ms-excel", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    new Kind("document", 100 * MB)),
            Map.entry("application/vnd.ms-powerpoint", new Kind("document", 100 * MB)),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    new Kind("document", 100 * MB)),
            Map.entry("image/jpeg", new Kind("image", 5 * MB)),
            Map.entry("image/png", new Kind("image", 5 * MB)),
            Map.entry("image/webp", new Kind("sticker", 500 * KB)), // animated; a static sticker: 100 KB
            Map.entry("video/mp4", new Kind("video", 16 * MB)),
            Map.entry("video/3gpp", new Kind("video", 16 * MB)));

    private final long gatewayMaxBytes;

    public MediaKinds(MediaSettings settings) {
        this.gatewayMaxBytes = settings.maxBytes();
    }

    /** The MIME type as Meta's table writes it (lower case, no parameters); 400 when it is not in the table. */
    public String mimeType(String contentType) {
        String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!BY_MIME_TYPE.containsKey(mime)) {
            throw ApiException.validation("file: its type " + (mime.isEmpty() ? "(none)"
                    : "'" + mime + "'") + " is not one WhatsApp takes: audio (aac, amr, mpeg, mp4, ogg), documents"
                    + " (text/plain, pdf, Word, Excel, PowerPoint), images (jpeg, png), stickers (webp), video (mp4, 3gpp)");
        }
        return mime;
    }

    /** The most bytes a file of this (known) MIME type may have: its type's limit, and never over MEDIA_MAX_BYTES. */
    public long maxBytes(String mimeType) {
        return Math.min(BY_MIME_TYPE.get(mimeType).maxBytes(), gatewayMaxBytes);
    }

    /** 413 for a file of this type over {@link #maxBytes}. */
    public ApiException tooLarge(String mimeType) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A " + mimeType + " file may have at most "
                + maxBytes(mimeType) + " bytes");
    }
}
