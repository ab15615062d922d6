package dev.wagateway.ingest;

/** The file cannot be read as a whole (not UTF-8, wrong header, not JSON Lines...): it goes to {@code .error/}. */
public class UnreadableFileException extends Exception {

    public UnreadableFileException(String message) {
        super(message, null, false, false);
    }
}
