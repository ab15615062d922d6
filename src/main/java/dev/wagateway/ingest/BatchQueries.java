package dev.wagateway.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Page;
import dev.wagateway.api.PageCursor;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /batches} (newest first, a page at a time) and {@code GET /batches/{id}}: a batch's progress and counts. The operator
 * sees every batch; a tenant the batches whose stored rows are all its own ({@code batch_tenants}).
 */
@Component("batchQueries")
public class BatchQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> STATUSES = Set.of("processing", "done", "failed");
    private static final String COLUMNS = "SELECT id, file_name, sha256, status, rows_total, rows_accepted,"
            + " rows_rejected, started_at, finished_at, error_code, error_message FROM batches";

    /** A tenant's batch: every stored row of it is the tenant's (a file mixing tenants is the operator's only). */
    private static final String TENANTS_OWN = " EXISTS (SELECT 1 FROM batch_tenants t WHERE t.batch_id = batches.id"
            + " AND t.tenant_id = ?) AND NOT EXISTS (SELECT 1 FROM batch_tenants t WHERE t.batch_id = batches.id"
            + " AND t.tenant_id <> ?)";

    private final JdbcTemplate jdbc;

    public BatchQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code GET /batches/{id}}: any batch for the operator; for a tenant, only a batch of its own rows. */
    public BatchView get(Caller caller, String id) {
        UUID batchId = Requests.uuid(id, "id");
        List<BatchView> found = caller.isOperator()
                ? jdbc.query(COLUMNS + " WHERE id = ?", BatchQueries::view, batchId)
                : jdbc.query(COLUMNS + " WHERE id = ? AND" + TENANTS_OWN, BatchQueries::view, batchId,
                        caller.tenantId(), caller.tenantId());
        return found.stream().findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.BATCH_NOT_FOUND, "Batch " + batchId + " not found"));
    }

    /**
     * {@code GET /batches?status=&limit=&cursor=}: as {@link #get}, a page at a time, newest first by the keyset
     * (started_at, id) (ix_batches_started).
     */
    public Page<BatchView> list(Caller caller, String status, String limit, String cursor) {
        if (status != null && !status.isEmpty() && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of: processing, done, failed");
        }
        int max = Requests.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        PageCursor after = PageCursor.decode(cursor, PageCursor.Kind.BATCHES);
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (status != null && !status.isEmpty()) {
            where.append(" AND status = ?");
            args.add(status);
        }
        if (!caller.isOperator()) {
            where.append(" AND").append(TENANTS_OWN);
            args.add(caller.tenantId());
            args.add(caller.tenantId());
        }
        if (after != null) {
            after.restrict(where, args, "started_at");
        }
        args.add(max + 1);
        List<BatchView> found = jdbc.query(COLUMNS + where + " ORDER BY started_at DESC, id DESC LIMIT ?",
                BatchQueries::view, args.toArray());
        return Page.of(found, max, PageCursor.Kind.BATCHES, BatchView::startedAt, BatchView::id);
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
