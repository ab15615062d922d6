package dev.wagateway.media;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Meta's answer to {@code GET /{media-id}}: where the file is for the next few minutes ({@code url}, which needs the
 * same bearer token), its MIME type, SHA-256 and size.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MediaLocation(String url, @JsonProperty("mime_type") String mimeType, String sha256,
        @JsonProperty("file_size") Long fileSize) {

    /** The url is signed: never in a log line. */
    @Override
    public String toString() {
        return "MediaLocation[" + mimeType + ", " + fileSize + " bytes]";
    }
}
