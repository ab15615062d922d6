package dev.wagateway.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@code GET /batches} (newest first) and {@code GET /batches/{id}}: a batch's progress and counts. */
@Component("batchQueries")
public class BatchQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> STATUSES = Set.of("processing", "done", "failed");
    private static final String COLUMNS = "SELECT id, file_name, sha256, status, rows_total, rows_accepted,"
            + " rows_rejected, started_at, finished_at, error_code, error_message FROM batches";

    private final JdbcTemplate jdbc;

    public BatchQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public BatchView get(String id) {
        UUID batchId = Requests.uuid(id, "id");
        return jdbc.query(COLUMNS + " WHERE id = ?", BatchQueries::view, batchId).stream().findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.BATCH_NOT_FOUND, "Batch " + batchId + " not found"));
    }

    /** {@code GET /batches?status=&limit=}. */
    public List<BatchView> list(String status, String limit) {
        if (status != null && !status.isEmpty() && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of: processing, done, failed");
        }
        int max = Requests.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        String order = " ORDER BY started_at DESC, id DESC LIMIT ?";
        return status == null || status.isEmpty()
                ? jdbc.query(COLUMNS + order, BatchQueries::view, max)
                : jdbc.query(COLUMNS + " WHERE status = ?" + order, BatchQueries::view, status, max);
    }

    private static BatchView view(ResultSet rs, int row) throws SQLException {
        String errorCode = rs.getString("error_code");
        return new BatchView(rs.getObject("id", UUID.class), rs.getString("file_name"), rs.getString("sha256"),
                rs.getString("status"), (Integer) rs.getObject("rows_total"), rs.getInt("rows_accepted"),
                rs.getInt("rows_rejected"), Batches.instant(rs.getTimestamp("started_at")),
                Batches.instant(rs.getTimestamp("finished_at")),
                errorCode == null ? null : new BatchView.Error(errorCode, rs.getString("error_message")));
    }
}
