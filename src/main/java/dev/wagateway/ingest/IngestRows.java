package dev.wagateway.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * The second pass over a readable file: its rows, numbered, in chunks of {@code ingest.chunk-size}, read lazily so
 * a file of any size is never in memory whole. Rows an earlier run committed ({@code resumeAfter}) are read past.
 */
@Component("ingestRows")
public class IngestRows {

    private final IngestSettings settings;
    private final ObjectMapper json;

    public IngestRows(IngestSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /** The file's bytes after its byte order mark, for camel-csv to parse. */
    public InputStream open(IngestBatch batch) throws IOException {
        return Utf8Text.withoutBom(new BufferedInputStream(Files.newInputStream(batch.getPath()), 1 << 16));
    }

    /** Chunks of a CSV file's rows, from camel-csv's lazy records (the first one is the header). */
    public Iterator<Chunk> csvChunks(Iterator<List<String>> records, IngestBatch batch)
            throws UnreadableFileException {
        CsvColumns columns = CsvColumns.of(records.next());
        Iterator<RawRow> rows = new Iterator<>() {
            private int row;

            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public RawRow next() {
                return columns.row(++row, records.next());
            }
        };
        return new Chunks(rows, batch.getResumeAfter(), settings.chunkSize(), null);
    }

    /** Chunks of a JSON Lines file's rows: each non-blank line bound to the send request's fields. */
    public Iterator<Chunk> jsonLinesChunks(IngestBatch batch) throws IOException {
        InputStream in = open(batch);
        BoundedLines lines = new BoundedLines(Utf8Text.strictReader(in), settings.maxRowCharacters());
        Iterator<RawRow> rows = new Iterator<>() {
            private BoundedLines.Line next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RawRow next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RawRow row = row(next);
                next = read();
                return row;
            }

            private BoundedLines.Line read() {
                try {
                    return lines.next();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return new Chunks(rows, batch.getResumeAfter(), settings.chunkSize(), in);
    }

    private RawRow row(BoundedLines.Line line) {
        if (line.tooLong()) {
            return RawRow.unreadable(line.number(),
                    "line is longer than " + settings.maxRowCharacters() + " characters");
        }
        try {
            RowFields fields = json.readValue(line.text(), RowFields.class);
            if (fields == null) {
                return RawRow.unreadable(line.number(), "line is not a JSON object");
            }
            return RawRow.of(line.number(), fields);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            return RawRow.unreadable(line.number(), "line is not a JSON object with the send request's fields: "
                    + (why.length() > 200 ? why.substring(0, 200) + "..." : why));
        }
    }

    /** Groups rows into chunks, skipping those already committed; closes the file when the split is done. */
    static final class Chunks implements Iterator<Chunk>, Closeable {
        private final Iterator<RawRow> rows;
        private final int resumeAfter;
        private final int size;
        private final Closeable source;
        private Chunk next;
        private int lastRow;

        Chunks(Iterator<RawRow> rows, int resumeAfter, int size, Closeable source) {
            this.rows = rows;
            this.resumeAfter = resumeAfter;
            this.size = size;
            this.source = source;
            this.lastRow = resumeAfter;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                List<RawRow> chunk = new ArrayList<>(size);
                while (chunk.size() < size && rows.hasNext()) {
                    RawRow row = rows.next();
                    if (row.row() > resumeAfter) {
                        chunk.add(row);
                    }
                }
                next = chunk.isEmpty() ? null : new Chunk(chunk, lastRow);
                if (next != null) {
                    lastRow = next.lastRow();
                }
            }
            return next != null;
        }

        @Override
        public Chunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Chunk chunk = next;
            next = null;
            return chunk;
        }

        @Override
        public void close() throws IOException {
            if (source != null) {
                source.close();
            }
        }
    }
}
