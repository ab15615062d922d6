package dev.wagateway.media;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;

/**
 * A download's bytes as the answer's body, read once, as they arrive. It tells Camel it is already a {@link StreamCache}:
 * Camel's stream caching (on by default, spooling off) would otherwise copy a stream body whole into memory when the
 * exchange passes the next processor of the REST route, before platform-http writes it (a 50 MB file, 50 MB of heap).
 * It cannot be read twice: {@link #reset()} does nothing, {@link #copy} hands on this same stream.
 */
public final class PassThroughStream extends FilterInputStream implements StreamCache {

    private final long length;

    PassThroughStream(InputStream in, long length) {
        super(in);
        this.length = length;
    }

    @Override
    public void reset() {
        // one pass only: nothing to rewind (Camel resets a cached body at each route's end, before it is read)
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        transferTo(os);
    }

    @Override
    public StreamCache copy(Exchange exchange) {
        return this;
    }

    @Override
    public boolean inMemory() {
        return false;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long position() {
        return -1;
    }
}
