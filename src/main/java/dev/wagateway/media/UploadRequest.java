package dev.wagateway.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * {@code POST /media} as Camel sees it: without a body. platform-http reads a request's body whole (as text) before
 * the route runs; an upload must instead be read as a stream, by the route's own step ({@link MediaUploads#spool}),
 * which takes the real body from here. Wrapped by {@code BodySizeLimit} for that one call.
 */
public final class UploadRequest extends HttpServletRequestWrapper {

    public UploadRequest(HttpServletRequest request) {
        super(request);
    }

    /** The request's own body: the multipart stream, read once, by the route. */
    InputStream upload() throws IOException {
        return super.getInputStream();
    }

    /** The upload inside whatever Spring or Camel wrapped around it; null when the request is not an upload. */
    static UploadRequest of(ServletRequest request) {
        for (ServletRequest r = request; r != null; r = r instanceof ServletRequestWrapper w ? w.getRequest() : null) {
            if (r instanceof UploadRequest upload) {
                return upload;
            }
        }
        return null;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new ServletInputStream() {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public boolean isFinished() {
                return true;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("an upload is read by its route");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new StringReader(""));
    }
}
