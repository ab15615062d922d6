package dev.wagateway.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.wagateway.callback.CallbackEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A dropped file's batch row: opened (new, resumed, duplicate or unreadable) and finished. */
@Component("batches")
public class Batches {

    /** Error code of a file that cannot be read as a whole, in its batch and its report. */
    public static final String INVALID_FILE = "INVALID_FILE";

    private static final Logger LOG = LoggerFactory.getLogger(Batches.class);

    private record Existing(UUID id, String fileName, String status, int rowsCommitted, Instant startedAt,
            Instant finishedAt) {
    }

    private final JdbcTemplate jdbc;
    private final CallbackEvents callbackEvents;
    private final Clock clock;

    public Batches(JdbcTemplate jdbc, CallbackEvents callbackEvents, Clock clock) {
        this.jdbc = jdbc;
        this.callbackEvents = callbackEvents;
        this.clock = clock;
    }

    /**
     * The batch of this content: a new one; the one an earlier run left {@code processing} (or {@code failed}),
     * resumed after its last committed row; or, when it is {@code done}, a duplicate that stores nothing.
     */
    @Transactional
    public IngestBatch open(InspectedFile file) {
        Instant now = clock.instant();
        List<Existing> found = jdbc.query("SELECT id, file_name, status, rows_committed, started_at, finished_at"
                + " FROM batches WHERE sha256 = ? FOR UPDATE", (rs, i) -> new Existing(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getString(3), rs.getInt(4), instant(rs.getTimestamp(5)),
                        instant(rs.getTimestamp(6))), file.sha256());
        IngestBatch batch = found.isEmpty() ? create(file, now) : reopen(found.get(0), file, now);
        if (batch == null) {
            return open(file); // another instance created it between our SELECT and INSERT
        }
        log(batch);
        return batch;
    }

    /** The final counts, from the stored rows themselves; the batch is {@code done} (batch.finished for its tenant). */
    @Transactional
    public void finish(IngestBatch batch) {
        Instant now = clock.instant();
        int[] counts = jdbc.queryForObject("UPDATE batches SET status = 'done',"
                + " rows_accepted = (SELECT count(*) FROM messages WHERE batch_id = ?),"
                + " rows_rejected = (SELECT count(*) FROM batch_rejections WHERE batch_id = ?),"
                + " rows_committed = rows_total, finished_at = ?, updated_at = ? WHERE id = ?"
                + " RETURNING rows_total, rows_accepted, rows_rejected",
                (rs, i) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)},
                batch.getId(), batch.getId(), Timestamp.from(now), Timestamp.from(now), batch.getId());
        callbackEvents.batchFinished(batch.getId());
        double seconds = batch.elapsedNanos() / 1e9;
        LOG.info("Batch {} ({}) done: {} rows, {} accepted, {} rejected; {} rows stored in {} s ({} rows/s)",
                batch.getId(), batch.getFileName(), counts[0], counts[1], counts[2], batch.rowsStoredThisRun.get(),
                String.format("%.1f", seconds), Math.round(batch.rowsStoredThisRun.get() / Math.max(seconds, 0.001)));
        if (counts[1] + counts[2] != counts[0]) {
            LOG.error("Batch {} ({}): the file has {} rows but {} were stored; was it changed while being read?",
                    batch.getId(), batch.getFileName(), counts[0], counts[1] + counts[2]);
        }
    }

    private IngestBatch create(InspectedFile file, Instant now) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.update("INSERT INTO batches (id, file_name, sha256, format, status, rows_total,"
                + " error_code, error_message, started_at, finished_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                id, file.fileName(), file.sha256(), file.format().code(), file.readable() ? "processing" : "failed",
                file.rowsTotal(), file.readable() ? null : INVALID_FILE, file.problem(), Timestamp.from(now),
                file.readable() ? null : Timestamp.from(now), Timestamp.from(now));
        if (inserted == 0) {
            return null;
        }
        return new IngestBatch(id, file, file.readable() ? IngestBatch.State.INGEST : IngestBatch.State.UNREADABLE,
                0, now, null);
    }

    private IngestBatch reopen(Existing existing, InspectedFile file, Instant now) {
        if ("done".equals(existing.status())) {
            String original = "batch " + existing.id() + " (" + existing.fileName() + ", done at "
                    + existing.finishedAt() + ")";
            return new IngestBatch(existing.id(), file, IngestBatch.State.DUPLICATE, 0, existing.startedAt(),
                    original);
        }
        if (!file.readable()) {
            jdbc.update("UPDATE batches SET status = 'failed', file_name = ?, error_code = ?, error_message = ?,"
                    + " finished_at = ?, updated_at = ? WHERE id = ?", file.fileName(), INVALID_FILE, file.problem(),
                    Timestamp.from(now), Timestamp.from(now), existing.id());
            return new IngestBatch(existing.id(), file, IngestBatch.State.UNREADABLE, 0, existing.startedAt(), null);
        }
        jdbc.update("UPDATE batches SET status = 'processing', file_name = ?, rows_total = ?, error_code = NULL,"
                + " error_message = NULL, finished_at = NULL, updated_at = ? WHERE id = ?", file.fileName(),
                file.rowsTotal(), Timestamp.from(now), existing.id());
        return new IngestBatch(existing.id(), file, IngestBatch.State.INGEST, existing.rowsCommitted(),
                existing.startedAt(), null);
    }

    private static void log(IngestBatch batch) {
        InspectedFile file = batch.getFile();
        switch (batch.getState()) {
            case DUPLICATE -> LOG.info("File {}: same content as {}; nothing stored", file.fileName(),
                    batch.getDuplicateOf());
            case UNREADABLE -> LOG.warn("File {} cannot be read as a whole (batch {}): {}", file.fileName(),
                    batch.getId(), file.problem());
            case INGEST -> LOG.info("Batch {} ({}): {} rows, sha256 {}{}", batch.getId(), file.fileName(),
                    file.rowsTotal(), file.sha256().substring(0, 12),
                    batch.getResumeAfter() > 0 ? ", resumed after row " + batch.getResumeAfter() : "");
        }
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
