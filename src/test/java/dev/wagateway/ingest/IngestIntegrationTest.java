package dev.wagateway.ingest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.IntegrationTest;
import dev.wagateway.ingest.Inbox.ReportRow;
import org.junit.jupiter.api.AfterEach;

/**
 * File ingestion tests share the service of every integration test. Each test makes its own tenants; the messages
 * its files queue are failed when it ends, so the redelivery route does not send them during another test.
 */
abstract class IngestIntegrationTest extends IntegrationTest {

    private final List<String> tenants = new ArrayList<>();

    protected String tenant() {
        String id = api.tenant("Ingest");
        tenants.add(id);
        return id;
    }

    @AfterEach
    void stopSendingThisTestsMessages() {
        for (String tenant : tenants) {
            jdbc.update("UPDATE messages SET status = 'failed', last_error_code = 'TEST_OVER'"
                    + " WHERE tenant_id = ?::uuid AND status = 'queued'", tenant);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tenants.stream().allMatch(tenant -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND status IN ('queued', 'sending')",
                Long.class, tenant) == 0));
    }

    /** The stored text of the report's accepted rows, in row order. */
    protected List<String> contentsOf(List<ReportRow> report) {
        return report.stream().filter(row -> row.status().equals("accepted"))
                .map(row -> jdbc.queryForObject("SELECT content FROM messages WHERE id = ?::uuid", String.class,
                        row.messageId()))
                .toList();
    }

    /** {@code GET /batches/{id}} of the batch that last had this file name. */
    protected JsonNode batchOf(String fileName) {
        String id = jdbc.queryForObject("SELECT id::text FROM batches WHERE file_name = ?", String.class, fileName);
        return api.get("/batches/" + id).data();
    }
}
