package dev.wagateway.media;

import java.nio.file.Path;

/** An uploaded file, spooled to a temporary file on disk: its MIME type (Meta's table), its name, its size. */
public record SpooledUpload(Path file, String mimeType, String fileName, long size) {
}
