package dev.wagateway.ingest;

import static dev.wagateway.ingest.Inbox.awaitReport;
import static dev.wagateway.ingest.Inbox.drop;
import static dev.wagateway.ingest.Inbox.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.ingest.Inbox.ReportRow;
import org.junit.jupiter.api.Test;

/**
 * Hostile files in the inbox: NUL bytes, a million columns, binary garbage. Each ends in a report with the
 * contract's codes — the bad rows rejected, or the file refused as a whole with nothing stored — never a half-written
 * row and never a stuck file.
 */
class HostileFilesTest extends IngestIntegrationTest {

    @Test
    void nul_bytes_reject_their_rows_and_the_other_rows_are_stored() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String csv = "tenantId,contactId,message\n"
                + tenantId + "," + contactId + ",before\n"
                + tenantId + "," + contactId + ",a\u0000b\n"
                + tenantId + "," + contactId + "\u0000,hi\n"
                + tenantId + "," + contactId + ",after\n";
        String name = drop(uniqueName("nul", "csv"), csv.getBytes(StandardCharsets.UTF_8));

        List<ReportRow> report = awaitReport(".done", name);

        assertThat(report).extracting(ReportRow::status).containsExactly("accepted", "rejected", "rejected",
                "accepted");
        assertThat(report).extracting(ReportRow::errorCode).containsExactly("", "VALIDATION_ERROR",
                "VALIDATION_ERROR", "");
        assertThat(contentsOf(report)).containsExactly("before", "after");
    }

    @Test
    void nul_bytes_in_json_lines_reject_their_lines() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String line = "{\"tenantId\":\"" + tenantId + "\",\"contactId\":\"" + contactId + "\",\"message\":\"%s\"}\n";
        String jsonl = line.formatted("ok") + line.formatted("raw \u0000 nul") + line.formatted("escaped \\u0000 nul");
        String name = drop(uniqueName("nul", "jsonl"), jsonl.getBytes(StandardCharsets.UTF_8));

        List<ReportRow> report = awaitReport(".done", name);

        assertThat(report).extracting(ReportRow::status).containsExactly("accepted", "rejected", "rejected");
        assertThat(report).extracting(ReportRow::errorCode).containsExactly("", "VALIDATION_ERROR", "VALIDATION_ERROR");
    }

    @Test
    void a_million_columns_refuse_the_file_with_nothing_stored() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String name = drop(uniqueName("wide", "csv"), "tenantId,contactId,message\n"
                + tenantId + "," + contactId + ",first\n"
                + tenantId + "," + contactId + ",wide" + ",x".repeat(1_000_000) + "\n");

        assertRefused(name);
    }

    @Test
    void a_million_columns_in_the_header_refuse_the_file() {
        assertRefused(drop(uniqueName("wide-header", "csv"), "tenantId,contactId,message" + ",x".repeat(1_000_000)
                + "\n"));
    }

    @Test
    void binary_garbage_is_refused_as_a_whole() {
        byte[] garbage = new byte[200_000];
        new Random(7).nextBytes(garbage);

        assertRefused(drop(uniqueName("garbage", "csv"), garbage));
        assertRefused(drop(uniqueName("garbage", "jsonl"), garbage));
    }

    private void assertRefused(String name) {
        List<ReportRow> report = awaitReport(".error", name);
        assertThat(report).hasSize(1);
        assertThat(report.get(0).errorCode()).isEqualTo("INVALID_FILE");
        JsonNode batch = batchOf(name);
        assertThat(batch.path("status").asText()).isEqualTo("failed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE batch_id = ?::uuid", Long.class,
                batch.path("id").asText())).isZero();
    }
}
