package dev.wagateway.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.wagateway.redelivery.RedeliverySettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Writes a chunk whose recipients are resolved, in the chunk's transaction: its rows inserted with JDBC batching,
 * and the batch's progress. Each message and rejection is keyed by (batch, row), so a chunk stored again after a
 * crash adds nothing. The tenants of its rows are added to the batch's ({@code batch_tenants}: who may read it).
 */
@Component("chunkWriter")
public class ChunkWriter {

    private static final String INSERT_MESSAGE = "INSERT INTO messages (id, tenant_id, conversation_id, contact_id,"
            + " type, content, status, attempts, next_attempt_at, metadata, created_at, updated_at, expires_at,"
            + " batch_id, batch_row, client_reference)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (batch_id, batch_row) WHERE batch_id IS NOT NULL DO NOTHING";
    private static final String INSERT_REJECTION = "INSERT INTO batch_rejections (batch_id, batch_row, error_code,"
            + " error_message) VALUES (?, ?, ?, ?) ON CONFLICT (batch_id, batch_row) DO NOTHING";

    private final JdbcTemplate jdbc;
    private final RedeliverySettings redelivery;
    private final Clock clock;

    public ChunkWriter(JdbcTemplate jdbc, RedeliverySettings redelivery, Clock clock) {
        this.jdbc = jdbc;
        this.redelivery = redelivery;
        this.clock = clock;
    }

    /** The accepted rows as queued messages, due now, and the rejected rows, each in one JDBC batch. */
    public Chunk insertRows(Chunk chunk, IngestBatch batch) {
        Instant now = clock.instant();
        Timestamp created = Timestamp.from(now);
        Timestamp expires = Timestamp.from(now.plus(redelivery.messageTtl()));
        jdbc.batchUpdate(INSERT_MESSAGE, chunk.accepted(), chunk.accepted().size(), (ps, row) -> {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, row.tenantId);
            ps.setObject(3, row.conversationId);
            ps.setObject(4, row.contactId);
            ps.setString(5, row.type);
            ps.setString(6, row.content);
            ps.setTimestamp(7, created);
            ps.setString(8, "{\"batch_id\":\"" + batch.getId() + "\",\"batch_row\":" + row.row + "}");
            ps.setTimestamp(9, created);
            ps.setTimestamp(10, created);
            ps.setTimestamp(11, expires);
            ps.setObject(12, batch.getId());
            ps.setInt(13, row.row);
            ps.setString(14, row.clientReference);
        });
        jdbc.batchUpdate(INSERT_REJECTION, chunk.rejected(), chunk.rejected().size(), (ps, row) -> {
            ps.setObject(1, batch.getId());
            ps.setInt(2, row.row());
            ps.setString(3, row.code().name());
            ps.setString(4, row.message().replace('\u0000', ' '));
        });
        UUID[] tenants = chunk.accepted().stream().map(row -> row.tenantId).distinct().sorted()
                .toArray(UUID[]::new);
        if (tenants.length > 0) {
            jdbc.update("INSERT INTO batch_tenants (batch_id, tenant_id) SELECT ?, unnest(?::uuid[])"
                    + " ON CONFLICT DO NOTHING", batch.getId(), new SqlArrayValue("uuid", (Object[]) tenants));
        }
        return chunk;
    }

    /**
     * The resume point moves to the chunk's last row only if the chunk before it has committed (chunks are written
     * in parallel): it is always a row up to which every row is stored. A chunk that committed ahead of its
     * predecessor is stored again by a resumed run, which adds nothing ((batch, row) is unique). This is the
     * transaction's last statement, so the batch row is locked only while the chunk commits.
     */
    public Chunk recordProgress(Chunk chunk, IngestBatch batch) {
        jdbc.update("UPDATE batches SET rows_committed = CASE WHEN rows_committed = ? THEN ? ELSE rows_committed END,"
                + " rows_accepted = rows_accepted + ?, rows_rejected = rows_rejected + ?, updated_at = ? WHERE id = ?",
                chunk.previousLastRow(), chunk.lastRow(), chunk.accepted().size(), chunk.rejected().size(),
                Timestamp.from(clock.instant()), batch.getId());
        return chunk;
    }
}
