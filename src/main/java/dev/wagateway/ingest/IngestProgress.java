package dev.wagateway.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** After each committed chunk: a log line each time another {@code ingest.progress-every} rows are stored. */
@Component("ingestProgress")
public class IngestProgress {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProgress.class);

    private final IngestSettings settings;

    public IngestProgress(IngestSettings settings) {
        this.settings = settings;
    }

    public void chunkStored(Chunk chunk, IngestBatch batch) {
        batch.rowsStoredThisRun += chunk.rows().size();
        int every = settings.progressEvery();
        if (batch.rowsStoredThisRun / every > batch.rowsAtLastLog / every) {
            batch.rowsAtLastLog = batch.rowsStoredThisRun;
            double seconds = batch.elapsedNanos() / 1e9;
            LOG.info("Batch {} ({}): row {} of {} stored, {} rows/s", batch.getId(), batch.getFileName(),
                    chunk.lastRow(), batch.getFile().rowsTotal(),
                    Math.round(batch.rowsStoredThisRun / Math.max(seconds, 0.001)));
        }
    }
}
