package dev.wagateway.ingest;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/**
 * The first of the two passes over a dropped file: SHA-256 of its bytes, and whether it can be read as a whole
 * (UTF-8, the CSV header and quoting, JSON Lines) — so a file that would fail at row 900,000 fails before row 1 is
 * stored, and no file is ever half-ingested. It also counts the rows, for the batch's progress.
 */
@Component("fileInspector")
public class FileInspector {

    /**
     * The CSV dialect: RFC 4180 with blank lines skipped, as the route's {@code unmarshal: csv: format: DEFAULT}
     * reads it in the second pass (both are Commons CSV's {@code CSVFormat.DEFAULT}).
     */
    static final CSVFormat CSV = CSVFormat.DEFAULT;

    private final IngestSettings settings;

    public FileInspector(IngestSettings settings) {
        this.settings = settings;
    }

    public InspectedFile inspect(File file) throws IOException {
        FileFormat format = FileFormat.of(file.getName());
        MessageDigest sha256 = sha256();
        try (InputStream bytes = new DigestInputStream(
                new BufferedInputStream(Files.newInputStream(file.toPath()), 1 << 16), sha256)) {
            int rows = 0;
            String problem = null;
            try {
                Reader text = Utf8Text.strictReader(Utf8Text.withoutBom(bytes));
                rows = format == FileFormat.CSV ? csvRows(text) : jsonLines(text);
            } catch (UnreadableFileException e) {
                problem = e.getMessage();
            }
            bytes.transferTo(OutputStream.nullOutputStream()); // the rest of the bytes, for the hash
            return new InspectedFile(file.toPath(), file.getName(), format,
                    HexFormat.of().formatHex(sha256.digest()), rows, problem);
        }
    }

    /** Data rows of a CSV file, after checking its header; every record is parsed, none is kept. */
    private int csvRows(Reader text) throws IOException, UnreadableFileException {
        RecordGuard guard = new RecordGuard(text, settings.maxRowCharacters());
        int rows = 0;
        try {
            Iterator<CSVRecord> records = CSV.parse(guard).iterator();
            if (!records.hasNext()) {
                throw new UnreadableFileException("the file is empty: a header row is expected ("
                        + CsvColumns.EXPECTED + ")");
            }
            CsvColumns.of(records.next().toList());
            guard.recordEnded();
            while (records.hasNext()) {
                records.next();
                guard.recordEnded();
                rows++;
            }
            return rows;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw unreadable(e, rows);
        }
    }

    /** Non-blank lines of a JSON Lines file, after checking that it starts with a JSON object. */
    private int jsonLines(Reader text) throws IOException, UnreadableFileException {
        BoundedLines lines = new BoundedLines(text, settings.maxRowCharacters());
        int rows = 0;
        try {
            for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (rows == 0 && !line.tooLong() && !line.text().strip().startsWith("{")) {
                    throw new UnreadableFileException(
                            "not JSON Lines: line " + line.number() + " is not a JSON object (one object per line)");
                }
                rows++;
            }
            return rows;
        } catch (CharacterCodingException e) {
            throw notUtf8(rows);
        }
    }

    private UnreadableFileException unreadable(RuntimeException e, int rowsRead) throws IOException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return notUtf8(rowsRead);
            }
            if (cause instanceof RowTooLongException) {
                return new UnreadableFileException("row " + (rowsRead + 1) + " is longer than "
                        + settings.maxRowCharacters() + " characters (an unclosed quote?)");
            }
        }
        if (e instanceof UncheckedIOException || e instanceof IllegalStateException) {
            return new UnreadableFileException("not valid CSV after row " + rowsRead
                    + " (an unclosed or stray quote?): " + e.getMessage());
        }
        throw e;
    }

    private static UnreadableFileException notUtf8(int rowsRead) {
        return new UnreadableFileException("not UTF-8 text (a byte that is not UTF-8 after row " + rowsRead
                + "); save the file as UTF-8");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown by {@link RecordGuard}: one CSV record is longer than the limit. */
    static final class RowTooLongException extends IOException {
        RowTooLongException() {
            super("row too long", null);
        }
    }

    /**
     * Counts the characters read since the last record ended and stops past the limit, so an unclosed quote that
     * swallows the rest of a large file cannot fill the heap. The parser reads ahead, so the limit holds to within
     * its buffer (8 KB).
     */
    static final class RecordGuard extends FilterReader {
        private final int max;
        private long sinceRecord;

        RecordGuard(Reader in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            sinceRecord += Math.max(n, 0);
            if (sinceRecord > max + 8192L) {
                throw new RowTooLongException();
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c != -1 && ++sinceRecord > max + 8192L) {
                throw new RowTooLongException();
            }
            return c;
        }

        void recordEnded() {
            sinceRecord = 0;
        }
    }
}
