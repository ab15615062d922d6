package dev.wagateway.ingest;

import java.nio.file.Path;

/**
 * What one pass over a dropped file found before any row is stored: its identity (SHA-256 of the bytes), how many
 * rows it has, and, when it cannot be read as a whole, why ({@code problem}; the file then goes to {@code .error/}).
 */
public record InspectedFile(Path path, String fileName, FileFormat format, String sha256, int rowsTotal,
        String problem) {

    public boolean readable() {
        return problem == null;
    }
}
