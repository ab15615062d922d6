package dev.wagateway.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a JSON Lines file, one at a time, never holding more than {@code maxCharacters} of one: a longer line
 * is read to its end and reported as too long, so a huge line costs no memory. Blank lines are skipped; a trailing
 * {@code \r} (CRLF files) is dropped.
 */
final class BoundedLines {

    /** A non-blank line: its 1-based number, and its text, or null when it is longer than the limit. */
    record Line(int number, String text) {

        boolean tooLong() {
            return text == null;
        }
    }

    private final Reader reader;
    private final int maxCharacters;
    private final StringBuilder buffer = new StringBuilder();
    private int lineNumber;
    private boolean ended;

    BoundedLines(Reader reader, int maxCharacters) {
        this.reader = reader instanceof BufferedReader ? reader : new BufferedReader(reader, 65536);
        this.maxCharacters = maxCharacters;
    }

    /** The next non-blank line, or null at the end of the file. */
    Line next() throws IOException {
        while (!ended) {
            buffer.setLength(0);
            boolean tooLong = false;
            int c;
            while ((c = reader.read()) != -1 && c != '\n') {
                if (buffer.length() < maxCharacters) {
                    buffer.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            if (c == -1) {
                ended = true;
                if (buffer.isEmpty() && !tooLong) {
                    return null;
                }
            }
            lineNumber++;
            if (tooLong) {
                return new Line(lineNumber, null);
            }
            if (!buffer.isEmpty() && buffer.charAt(buffer.length() - 1) == '\r') {
                buffer.setLength(buffer.length() - 1);
            }
            String text = buffer.toString();
            if (!text.isBlank()) {
                return new Line(lineNumber, text);
            }
        }
        return null;
    }
}
