package dev.wagateway.media;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Meta's answer to an upload, and ours: {@code {id}}, the media id a media message's {@code media.id} takes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MediaUploaded(String id) {
}
