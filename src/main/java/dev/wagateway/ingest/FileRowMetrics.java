package dev.wagateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Rows of dropped files this instance stored: {@code file_rows_total{result}} — {@code accepted} (queued as a
 * message) or {@code rejected} (with its error code in the batch's report) — counted per committed chunk.
 */
@Component
public class FileRowMetrics {

    private final Counter accepted;
    private final Counter rejected;

    public FileRowMetrics(MeterRegistry meters) {
        this.accepted = Counter.builder("file.rows").description("Rows of dropped files stored, by result")
                .tag("result", "accepted").register(meters);
        this.rejected = Counter.builder("file.rows").description("Rows of dropped files stored, by result")
                .tag("result", "rejected").register(meters);
    }

    void chunkStored(Chunk chunk) {
        accepted.increment(chunk.accepted().size());
        rejected.increment(chunk.rejected().size());
    }
}
