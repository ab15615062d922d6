package dev.wagateway.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batch a dropped file is, as the file-ingest route carries it (exchange property {@code batch}) through its
 * chunks: what the database says about it, and this run's progress.
 */
public final class IngestBatch {

    /** What the route does with the file. */
    public enum State {
        /** New content, or content an earlier run left half-way: its rows are stored (after {@code resumeAfter}). */
        INGEST,
        /** The same content was ingested before: nothing is stored again. */
        DUPLICATE,
        /** The file cannot be read as a whole: it goes to {@code .error/}. */
        UNREADABLE
    }

    private final UUID id;
    private final InspectedFile file;
    private final State state;
    private final int resumeAfter;
    private final Instant startedAt;
    private final String duplicateOf;
    private final long startNanos = System.nanoTime();
    /** Tenants seen by this run: id → exists. A batch names few tenants, each is looked up once. */
    final Map<UUID, Boolean> knownTenants = new ConcurrentHashMap<>();
    /** Rows stored by this run, and when progress was last logged (chunks are written by several threads). */
    final AtomicInteger rowsStoredThisRun = new AtomicInteger();
    final AtomicInteger rowsAtLastLog = new AtomicInteger();

    IngestBatch(UUID id, InspectedFile file, State state, int resumeAfter, Instant startedAt, String duplicateOf) {
        this.id = id;
        this.file = file;
        this.state = state;
        this.resumeAfter = resumeAfter;
        this.startedAt = startedAt;
        this.duplicateOf = duplicateOf;
    }

    public UUID getId() {
        return id;
    }

    public InspectedFile getFile() {
        return file;
    }

    public Path getPath() {
        return file.path();
    }

    public String getFileName() {
        return file.fileName();
    }

    public String getFormat() {
        return file.format().name();
    }

    public State getState() {
        return state;
    }

    /** Rows up to this number were committed by an earlier run; 0 for a new batch. */
    public int getResumeAfter() {
        return resumeAfter;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    /** For a duplicate: which batch already has this content (id, file name, when). */
    public String getDuplicateOf() {
        return duplicateOf;
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    @Override
    public String toString() {
        return "IngestBatch[" + id + ", " + file.fileName() + ", " + state + "]";
    }
}
