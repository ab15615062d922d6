package dev.wagateway.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.media.MediaSettings;
import dev.wagateway.media.MediaUploads;
import dev.wagateway.media.UploadRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies larger than {@code API_MAX_BODY_BYTES} (1 MB; {@code POST /messages/batch}:
 * {@code API_MAX_BATCH_BODY_BYTES}, 8 MB) are answered 413 {@code PAYLOAD_TOO_LARGE} in the
 * contract's envelope, before any route sees them. A declared larger body ({@code Content-Length}) is refused
 * unread. A body without a declared length (chunked) is read here, at most the limit and one byte: over it, 413;
 * within it, the route reads those bytes (platform-http reads a body whole anyway). {@code POST /media} is the
 * exception: a declared body over {@code MEDIA_MAX_BYTES} (and room for the multipart framing) is refused unread, any
 * other is handed to its route unread ({@link UploadRequest}), which streams it and counts its bytes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BodySizeLimit extends OncePerRequestFilter {

    /** The one operation with a larger limit, API_MAX_BATCH_BODY_BYTES: up to BATCH_MAX_MESSAGES messages. */
    static final String BATCH_PATH = "/messages/batch";
    /** The one call whose body is a file: up to MEDIA_MAX_BYTES, read as a stream by its route, never here. */
    static final String MEDIA_PATH = "/media";

    private final int defaultMaxBytes;
    private final int batchMaxBytes;
    private final long mediaMaxBytes;
    private final ObjectMapper json;

    public BodySizeLimit(ApiSettings settings, MediaSettings media, ObjectMapper json) {
        this.defaultMaxBytes = settings.maxBodyBytes();
        this.batchMaxBytes = settings.maxBatchBodyBytes();
        this.mediaMaxBytes = media.maxBytes() + MediaUploads.MULTIPART_OVERHEAD_BYTES;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (MEDIA_PATH.equals(request.getRequestURI()) && "POST".equals(request.getMethod())) {
            // an upload: a declared larger body refused unread; else its route reads it as a stream, counting
            if (request.getContentLengthLong() > mediaMaxBytes) {
                refuse(response, mediaMaxBytes);
                return;
            }
            chain.doFilter(new UploadRequest(request), response);
            return;
        }
        int maxBytes = BATCH_PATH.equals(request.getRequestURI()) && "POST".equals(request.getMethod())
                ? batchMaxBytes : defaultMaxBytes;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(response, maxBytes);
            return;
        }
        if (declared < 0 && hasBody(request)) {
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(maxBytes + 1);
            }
            if (body.length > maxBytes) {
                refuse(response, maxBytes);
                return;
            }
            chain.doFilter(new ReadBody(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null;
    }

    private void refuse(HttpServletResponse response, long maxBytes) throws IOException {
        response.setStatus(ErrorCode.PAYLOAD_TOO_LARGE.httpStatus());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), Envelope.error(ErrorCode.PAYLOAD_TOO_LARGE,
                "Request body is larger than " + maxBytes + " bytes"));
    }

    /** The request with its (chunked) body already read: the same bytes, as a stream or as text. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        /** platform-http reads the body as text through the reader. */
        @Override
        public BufferedReader getReader() {
            String charset = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
        }
    }
}
