package dev.wagateway.ingest;

import static dev.wagateway.ingest.Inbox.awaitReport;
import static dev.wagateway.ingest.Inbox.drop;
import static dev.wagateway.ingest.Inbox.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.ingest.Inbox.ReportRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What happens around a file rather than in it: a run that stops half-way, a file still being written, stray files. */
@ExtendWith(OutputCaptureExtension.class)
class FileIngestRecoveryTest extends IngestIntegrationTest {

    @Test
    void a_run_that_stops_half_way_resumes_after_its_last_chunk_with_no_duplicate_and_no_gap(CapturedOutput logs) {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        List<String> phones = List.of(uniquePhone(), uniquePhone(), uniquePhone());
        String marker = "fail-here-" + UUID.randomUUID();
        StringBuilder csv = new StringBuilder("tenantId,contactId,phone,message\n");
        for (int row = 1; row <= 350; row++) {
            String message = row == 250 ? marker : "row " + row;
            // every third row by phone: the same three new numbers in every chunk, each made a contact once
            csv.append(tenantId).append(',').append(row % 3 == 0 ? "" : contactId).append(',')
                    .append(row % 3 == 0 ? phones.get(row % 9 / 3) : "").append(',').append(message).append('\n');
        }
        String name = uniqueName("resume", "csv");
        // the database refuses row 250: chunks of 100 (test profile) commit rows 1-200, the third rolls back
        jdbc.execute("CREATE OR REPLACE FUNCTION ingest_test_fault() RETURNS trigger AS $$ BEGIN"
                + " IF NEW.content LIKE 'fail-here-%' THEN RAISE EXCEPTION 'simulated crash'; END IF;"
                + " RETURN NEW; END $$ LANGUAGE plpgsql");
        jdbc.execute("DROP TRIGGER IF EXISTS ingest_test_fault ON messages");
        jdbc.execute("CREATE TRIGGER ingest_test_fault BEFORE INSERT ON messages FOR EACH ROW"
                + " EXECUTE FUNCTION ingest_test_fault()");
        try {
            drop(name, csv.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.getOut().contains("Ingestion of " + name
                    + " stopped"));
            Map<String, Object> batch = jdbc.queryForMap("SELECT id::text AS id, status, rows_committed"
                    + " FROM batches WHERE file_name = ?", name);
            // the failed chunk left nothing. Chunks are written two at a time (INGEST_WRITERS) and a failure stops
            // the others where they stand, so the resume point is a chunk boundary up to which every row is stored;
            // what a resumed run writes again adds nothing
            assertThat(batch).containsEntry("status", "processing");
            int resumePoint = (Integer) batch.get("rows_committed");
            assertThat(resumePoint).isIn(0, 100, 200);
            assertThat(rowsBetween((String) batch.get("id"), 1, resumePoint)).isEqualTo(resumePoint);
            assertThat(rowsBetween((String) batch.get("id"), 201, 300)).isZero();
            assertThat(Files.exists(Inbox.DIR.resolve(name))).as("the file stays in the inbox").isTrue();
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS ingest_test_fault ON messages");
            jdbc.execute("DROP FUNCTION IF EXISTS ingest_test_fault()");
        }

        // the next poll reads the file again and stores what is missing
        List<ReportRow> report = awaitReport(".done", name);

        assertThat(logs.getOut()).containsPattern("Batch .*\\(" + name + "\\): 350 rows, sha256 \\w+, resumed after row");
        assertThat(report).hasSize(350);
        assertThat(report).extracting(ReportRow::status).containsOnly("accepted");
        JsonNode batch = batchOf(name);
        assertThat(batch.path("status").asText()).isEqualTo("done");
        assertThat(batch.path("rows_accepted").asInt()).isEqualTo(350);
        assertThat(rowsStored(batch.path("id").asText())).containsExactly(350L, 1L, 350L);
        assertThat(jdbc.queryForObject("SELECT content FROM messages WHERE batch_id = ?::uuid AND batch_row = 250",
                String.class, batch.path("id").asText())).isEqualTo(marker);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isEqualTo(4);
    }

    private long rowsBetween(String batchId, int from, int to) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE batch_id = ?::uuid AND batch_row BETWEEN ? AND ?",
                Long.class, batchId, from, to);
    }

    /** Messages of the batch, its lowest and its highest row, all distinct (the key is unique). */
    private List<Long> rowsStored(String batchId) {
        return jdbc.queryForObject("SELECT count(DISTINCT batch_row), min(batch_row), max(batch_row) FROM messages"
                + " WHERE batch_id = ?::uuid", (rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                batchId);
    }

    @Test
    void a_file_still_being_written_is_read_only_once_it_stops_changing() throws Exception {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String name = uniqueName("growing", "csv");
        Path file = Inbox.DIR.resolve(name);
        Files.createDirectories(Inbox.DIR);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("tenantId,contactId,message\n" + tenantId + "," + contactId + ",row 1\n");
            out.flush();
            // a row every 400 ms for 3.2 s: the file is never 1 s old (ingest.read-lock-min-age in the test profile)
            for (int row = 2; row <= 9; row++) {
                Thread.sleep(400);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM batches WHERE file_name = ?", Long.class, name))
                        .as("read while being written").isZero();
                out.write(tenantId + "," + contactId + ",row " + row + "\n");
                out.flush();
            }
        }

        List<ReportRow> report = awaitReport(".done", name);

        assertThat(report).hasSize(9);
        assertThat(contentsOf(report)).last().isEqualTo("row 9");
    }

    @Test
    void hidden_temporary_and_other_files_are_left_alone() throws IOException {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String csv = "tenantId,contactId,message\n" + tenantId + "," + contactId + ",%s\n";
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> ignored = List.of(".hidden-" + id + ".csv", "upload-" + id + ".csv.part",
                "notes-" + id + ".txt", "~$sheet-" + id + ".csv");
        for (String name : ignored) {
            Files.writeString(Inbox.DIR.resolve(name), csv.formatted(name), StandardCharsets.UTF_8);
        }
        try {
            // a file dropped after them is read; by then every poll has passed the others over
            String name = drop(uniqueName("after-stray-files", "jsonl"), "{\"tenantId\": \"" + tenantId
                    + "\", \"contactId\": \"" + contactId + "\", \"message\": \"read\"}\n");
            assertThat(awaitReport(".done", name)).extracting(ReportRow::status).containsExactly("accepted");

            for (String stray : ignored) {
                assertThat(Files.exists(Inbox.DIR.resolve(stray))).as(stray).isTrue();
            }
            assertThat(jdbc.queryForList("SELECT content FROM messages WHERE tenant_id = ?::uuid", String.class,
                    tenantId)).containsExactly("read");
        } finally {
            for (String name : ignored) {
                Files.deleteIfExists(Inbox.DIR.resolve(name));
            }
        }
    }
}
