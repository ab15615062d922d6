package dev.wagateway.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After each committed chunk: its rows counted ({@link FileRowMetrics}), and a log line each time another
 * {@code ingest.progress-every} rows are stored.
 */
@Component("ingestProgress")
public class IngestProgress {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProgress.class);

    private final IngestSettings settings;
    private final FileRowMetrics metrics;

    public IngestProgress(IngestSettings settings, FileRowMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    public void chunkStored(Chunk chunk, IngestBatch batch) {
        metrics.chunkStored(chunk);
        int stored = batch.rowsStoredThisRun.addAndGet(chunk.rows().size());
        int every = settings.progressEvery();
        int logged = batch.rowsAtLastLog.get();
        if (stored / every > logged / every && batch.rowsAtLastLog.compareAndSet(logged, stored)) {
            double seconds = batch.elapsedNanos() / 1e9;
            LOG.info("Batch {} ({}): {} of {} rows stored, {} rows/s", batch.getId(), batch.getFileName(),
                    stored + batch.getResumeAfter(), batch.getFile().rowsTotal(),
                    Math.round(stored / Math.max(seconds, 0.001)));
        }
    }
}
