package dev.wagateway.ingest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A batch as {@code GET /batches} shows it; {@code error} says why a {@code failed} file could not be read (null
 * otherwise).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchView(UUID id, String fileName, String sha256, String status, Integer rowsTotal, int rowsAccepted,
        int rowsRejected, Instant startedAt, Instant finishedAt, Error error) {

    /** The code ({@code INVALID_FILE}) and what is wrong with the file. */
    public record Error(String code, String message) {
    }
}
