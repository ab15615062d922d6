package dev.wagateway.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /media}'s file: read from the request as a stream (the streaming parser of Commons FileUpload that
 * Tomcat ships, {@code org.apache.tomcat.util.http.fileupload}), its type checked against Meta's table before a byte
 * is kept, its bytes counted as they are copied to a temporary file (never whole in memory), over its type's limit
 * refused; then the multipart body Meta's {@code /{phone-number-id}/media} takes, streamed from that file; and the
 * file deleted.
 */
@Component("mediaUploads")
public class MediaUploads {

    private static final Logger LOG = LoggerFactory.getLogger(MediaUploads.class);
    /** Room for the multipart framing and small fields besides the file itself. */
    public static final long MULTIPART_OVERHEAD_BYTES = 64 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final MediaKinds kinds;
    private final long maxRequestBytes;

    public MediaUploads(MediaKinds kinds, MediaSettings settings) {
        this.kinds = kinds;
        this.maxRequestBytes = settings.maxBytes() + MULTIPART_OVERHEAD_BYTES;
    }

    /**
     * The part named {@code file}, spooled: 400 VALIDATION_ERROR for a body that is not multipart or has no such part
     * or a type Meta does not take; 413 PAYLOAD_TOO_LARGE over its type's size or MEDIA_MAX_BYTES.
     */
    public SpooledUpload spool(HttpServletRequest request) {
        UploadRequest upload = UploadRequest.of(request);
        if (upload == null) {
            throw new IllegalStateException("POST /media reached its route without its body (BodySizeLimit)");
        }
        FileUpload parser = new FileUpload();
        parser.setSizeMax(maxRequestBytes);
        parser.setFileCountMax(16);
        try {
            FileItemIterator items = parser.getItemIterator(context(upload));
            while (items.hasNext()) {
                FileItemStream item = items.next();
                if (!item.isFormField() && "file".equals(item.getFieldName())) {
                    return spool(item);
                }
            }
        } catch (SizeException e) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "An upload may have at most " + maxRequestBytes
                    + " bytes");
        } catch (FileUploadException e) {
            throw ApiException.validation("Request body is not multipart/form-data with a boundary");
        } catch (IOException e) {
            throw unreadable(e);
        }
        throw ApiException.validation("file: a multipart/form-data part named file, with its Content-Type, is required");
    }

    private SpooledUpload spool(FileItemStream item) throws IOException {
        String mimeType = kinds.mimeType(item.getContentType());
        long max = kinds.maxBytes(mimeType);
        Path file = Files.createTempFile("wagateway-media-", ".upload");
        try (InputStream in = item.openStream()) {
            long size = copy(in, file, max);
            if (size > max) {
                in.transferTo(OutputStream.nullOutputStream()); // the caller reads its 413, not a reset connection
                throw kinds.tooLarge(mimeType);
            }
            return new SpooledUpload(file, mimeType, fileName(item.getName()), size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Copies at most {@code max} + 1 bytes: one more says it is too large. */
    private static long copy(InputStream in, Path file, long max) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int read;
            while (size <= max && (read = in.read(buffer, 0, (int) Math.min(buffer.length, max + 1 - size))) != -1) {
                out.write(buffer, 0, read);
                size += read;
            }
        }
        return size;
    }

    /** What Meta's media endpoint takes: messaging_product, type and the file, streamed from disk. */
    public HttpEntity entity(SpooledUpload upload) {
        return MultipartEntityBuilder.create()
                .setMode(HttpMultipartMode.STRICT)
                .setCharset(StandardCharsets.UTF_8)
                .addTextBody("messaging_product", "whatsapp")
                .addTextBody("type", upload.mimeType())
                .addBinaryBody("file", upload.file().toFile(), ContentType.create(upload.mimeType()), upload.fileName())
                .build();
    }

    /** The temporary file deleted (the route's completion, whatever happened). */
    public void discard(SpooledUpload upload) {
        if (upload != null) {
            try {
                Files.deleteIfExists(upload.file());
            } catch (IOException e) {
                LOG.warn("Could not delete the spooled upload {}", upload.file(), e);
            }
        }
    }

    /** The name the file had (its last path segment, printable, at most 200 characters), else "upload". */
    static String fileName(String given) {
        if (given == null) {
            return "upload";
        }
        String name = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1)
                .replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty()) {
            return "upload";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    private static ApiException unreadable(IOException e) {
        if (e.getCause() instanceof SizeException) {
            return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The upload is too large");
        }
        return ApiException.validation("Request body could not be read: " + e.getClass().getSimpleName());
    }

    private static UploadContext context(UploadRequest upload) {
        return new UploadContext() {
            @Override
            public long contentLength() {
                return upload.getContentLengthLong();
            }

            @Override
            public String getCharacterEncoding() {
                return upload.getCharacterEncoding();
            }

            @Override
            public String getContentType() {
                return upload.getContentType();
            }

            @Override
            public InputStream getInputStream() throws IOException {
                return upload.upload();
            }
        };
    }
}
