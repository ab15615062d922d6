package dev.wagateway.ingest;

import static dev.wagateway.ingest.Inbox.awaitReport;
import static dev.wagateway.ingest.Inbox.drop;
import static dev.wagateway.ingest.Inbox.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.ingest.Inbox.ReportRow;
import org.junit.jupiter.api.Test;

/**
 * The file-ingest route end to end: files dropped in the test inbox, the real route and PostgreSQL, the report and
 * the batch API read back.
 */
class FileIngestTest extends IngestIntegrationTest {

    @Test
    void every_row_is_a_message_or_a_rejection_with_the_send_endpoints_error_code() {
        String tenantId = tenant();
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String othersContact = api.contact(tenant(), uniquePhone());
        String newPhone = uniquePhone();
        String csv = String.join("\n",
                "tenantId,contactId,phone,name,message,type",
                tenantId + "," + contactId + ",,,hello by id,text",                      // 1 accepted
                tenantId + ",," + newPhone + ",Asha Rao,hello by new phone,",           // 2 accepted, new contact
                tenantId + ",," + phone.substring(1) + ",Ignored,hello by known phone,", // 3 accepted, contact reused
                "not-a-uuid," + contactId + ",,,hi,",                                    // 4
                UUID.randomUUID() + "," + contactId + ",,,hi,",                          // 5
                tenantId + "," + UUID.randomUUID() + ",,,hi,",                           // 6
                tenantId + "," + othersContact + ",,,hi,",                               // 7
                tenantId + "," + contactId + ",,,\"  \",",                               // 8
                tenantId + "," + contactId + ",,," + "x".repeat(4097) + ",",             // 9
                tenantId + ",,12345,,hi,",                                               // 10
                tenantId + "," + contactId + ",,,hi,image",                              // 11
                tenantId + "," + contactId + "," + newPhone + ",,hi,",                   // 12
                tenantId + ",,,,hi,",                                                    // 13
                tenantId + "," + contactId + ",hi");                                     // 14
        String name = drop(uniqueName("mixed", "csv"), csv);

        List<ReportRow> report = awaitReport(".done", name);

        assertThat(report).extracting(ReportRow::row).containsExactly(
                "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14");
        assertThat(report).extracting(ReportRow::status).containsExactly("accepted", "accepted", "accepted",
                "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected",
                "rejected", "rejected", "rejected");
        assertThat(report).extracting(ReportRow::errorCode).containsExactly("", "", "",
                "VALIDATION_ERROR", "TENANT_NOT_FOUND", "CONTACT_NOT_FOUND", "CONTACT_NOT_FOUND", "EMPTY_MESSAGE",
                "MESSAGE_TOO_LONG", "INVALID_PHONE_NUMBER", "VALIDATION_ERROR", "VALIDATION_ERROR",
                "VALIDATION_ERROR", "VALIDATION_ERROR");
        assertThat(report.get(3).errorMessage()).isEqualTo("tenantId must be a UUID");
        assertThat(report.get(13).errorMessage()).isEqualTo("row has 3 fields; the header has 6");

        // the accepted rows are queued messages of the tenant, keyed by (batch, row), with the text as written
        String batchId = jdbc.queryForObject("SELECT batch_id::text FROM messages WHERE id = ?::uuid", String.class,
                report.get(0).messageId());
        List<String> contents = jdbc.queryForList("SELECT content FROM messages WHERE batch_id = ?::uuid"
                + " ORDER BY batch_row", String.class, batchId);
        assertThat(contents).containsExactly("hello by id", "hello by new phone", "hello by known phone");
        assertThat(jdbc.queryForList("SELECT id::text FROM messages WHERE batch_id = ?::uuid ORDER BY batch_row",
                String.class, batchId)).containsExactly(report.get(0).messageId(), report.get(1).messageId(),
                        report.get(2).messageId());
        JsonNode first = api.as(api.keyOf(tenantId)).get("/messages/" + report.get(0).messageId()).data();
        assertThat(first.path("tenant_id").asText()).isEqualTo(tenantId);
        assertThat(first.path("contact_id").asText()).isEqualTo(contactId);
        assertThat(jdbc.queryForObject("SELECT metadata->>'batch_row' FROM messages WHERE id = ?::uuid",
                String.class, report.get(0).messageId())).isEqualTo("1");

        // the unknown phone became a contact with the row's name; the known one was reused, not duplicated
        assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE tenant_id = ?::uuid AND phone = ?",
                String.class, tenantId, newPhone)).isEqualTo("Asha Rao");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isEqualTo(2);
        assertThat(api.as(api.keyOf(tenantId)).get("/messages/" + report.get(2).messageId()).data()
                .path("contact_id").asText())
                .isEqualTo(contactId);

        JsonNode batch = api.get("/batches/" + batchId).data();
        assertThat(batch.path("file_name").asText()).isEqualTo(name);
        assertThat(batch.path("status").asText()).isEqualTo("done");
        assertThat(batch.path("rows_total").asInt()).isEqualTo(14);
        assertThat(batch.path("rows_accepted").asInt()).isEqualTo(3);
        assertThat(batch.path("rows_rejected").asInt()).isEqualTo(11);
        assertThat(batch.path("sha256").asText()).hasSize(64);
        assertThat(batch.path("started_at").asText()).isNotEmpty();
        assertThat(batch.path("finished_at").asText()).isNotEmpty();
        assertThat(batch.path("error").isNull()).isTrue();
    }

    @Test
    void quoted_fields_keep_commas_quotes_and_newlines() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String csv = "message,tenantId,contactId\r\n"
                + "\"Hello, world\"," + tenantId + "," + contactId + "\r\n"
                + "\"She said \"\"hi\"\"\"," + tenantId + "," + contactId + "\r\n"
                + "\"line one\nline two\r\nline three\"," + tenantId + "," + contactId + "\r\n"
                + "\r\n"
                + "\"  spaces kept  \"," + tenantId + "," + contactId + "\r\n"
                + "नमस्ते 👋 مرحبا," + tenantId + "," + contactId;
        String name = drop(uniqueName("quoted", "csv"), csv);

        List<ReportRow> report = awaitReport(".done", name);

        assertThat(report).extracting(ReportRow::status).containsOnly("accepted").hasSize(5);
        assertThat(contentsOf(report)).containsExactly("Hello, world", "She said \"hi\"",
                "line one\nline two\r\nline three", "  spaces kept  ", "नमस्ते 👋 مرحبا");
    }

    @Test
    void a_byte_order_mark_and_crlf_lines_are_read_as_plain_utf8() {
        String tenantId = tenant();
        String phone = uniquePhone();
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String csv = "tenantId,phone,name,message\r\n" + tenantId + "," + phone + ",Élodie,Bonjour\r\n";
        byte[] content = new byte[3 + csv.getBytes(StandardCharsets.UTF_8).length];
        System.arraycopy(bom, 0, content, 0, 3);
        System.arraycopy(csv.getBytes(StandardCharsets.UTF_8), 0, content, 3, content.length - 3);
        String name = drop(uniqueName("bom", "csv"), content);

        List<ReportRow> report = awaitReport(".done", name);

        assertThat(report).extracting(ReportRow::status).containsExactly("accepted");
        assertThat(contentsOf(report)).containsExactly("Bonjour");
        assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE tenant_id = ?::uuid AND phone = ?",
                String.class, tenantId, phone)).isEqualTo("Élodie");
    }

    @Test
    void json_lines_with_broken_lines_reject_those_lines_only() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String phone = uniquePhone();
        String jsonl = String.join("\r\n",
                Api.json(java.util.Map.of("tenantId", tenantId, "contactId", contactId, "message", "one")),
                "{\"tenantId\": \"" + tenantId + "\", \"contactId\": ",
                "",
                "[1, 2]",
                "{\"tenantId\": \"" + tenantId + "\", \"contactId\": \"" + contactId + "\", \"message\": {}}",
                Api.json(java.util.Map.of("tenantId", tenantId, "phone", phone, "message", "by phone 👋")),
                Api.json(java.util.Map.of("tenantId", tenantId, "contactId", contactId, "message", "")),
                "null") + "\r\n";
        String name = drop(uniqueName("lines", "jsonl"), jsonl);

        List<ReportRow> report = awaitReport(".done", name);

        // rows are line numbers; the blank line 3 is not a row
        assertThat(report).extracting(ReportRow::row).containsExactly("1", "2", "4", "5", "6", "7", "8");
        assertThat(report).extracting(ReportRow::status).containsExactly("accepted", "rejected", "rejected",
                "rejected", "accepted", "rejected", "rejected");
        assertThat(report).extracting(ReportRow::errorCode).containsExactly("", "VALIDATION_ERROR",
                "VALIDATION_ERROR", "VALIDATION_ERROR", "", "EMPTY_MESSAGE", "VALIDATION_ERROR");
        assertThat(contentsOf(report)).containsExactly("one", "by phone 👋");
        JsonNode batch = batchOf(name);
        assertThat(batch.path("status").asText()).isEqualTo("done");
        assertThat(batch.path("rows_total").asInt()).isEqualTo(7);
    }

    @Test
    void files_that_cannot_be_read_as_a_whole_go_to_error_with_nothing_stored() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String row = tenantId + "," + contactId + ",hi\n";
        byte[] notUtf8 = ("tenantId,contactId,message\n" + row + row).getBytes(StandardCharsets.ISO_8859_1);
        byte[] latin1 = (tenantId + "," + contactId + ",caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] withLatin1 = new byte[notUtf8.length + latin1.length];
        System.arraycopy(notUtf8, 0, withLatin1, 0, notUtf8.length);
        System.arraycopy(latin1, 0, withLatin1, notUtf8.length, latin1.length);

        assertUnreadable(drop(uniqueName("header", "csv"), "tenant,contact,text\n" + row), "wrong header");
        assertUnreadable(drop(uniqueName("latin1", "csv"), withLatin1), "not UTF-8");
        assertUnreadable(drop(uniqueName("quote", "csv"), "tenantId,contactId,message\n" + row + row
                + tenantId + "," + contactId + ",\"never closed\n" + row), "not valid CSV after row 2");
        assertUnreadable(drop(uniqueName("array", "jsonl"), "[{\"tenantId\": \"" + tenantId + "\"}]\n"),
                "not JSON Lines");
        assertUnreadable(drop(uniqueName("empty", "csv"), ""), "the file is empty");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isZero();
    }

    private void assertUnreadable(String name, String why) {
        List<ReportRow> report = awaitReport(".error", name);
        assertThat(report).hasSize(1);
        assertThat(report.get(0).errorCode()).isEqualTo("INVALID_FILE");
        assertThat(report.get(0).errorMessage()).contains(why);
        JsonNode batch = batchOf(name);
        assertThat(batch.path("status").asText()).isEqualTo("failed");
        assertThat(batch.path("error").path("code").asText()).isEqualTo("INVALID_FILE");
        assertThat(batch.path("error").path("message").asText()).contains(why);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE batch_id = ?::uuid", Long.class,
                batch.path("id").asText())).isZero();
    }

    @Test
    void the_same_content_dropped_again_creates_no_message() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String csv = "tenantId,contactId,message\n" + tenantId + "," + contactId + ",only once\n";
        String name = drop(uniqueName("twice", "csv"), csv);
        List<ReportRow> first = awaitReport(".done", name);
        assertThat(first).extracting(ReportRow::status).containsExactly("accepted");

        // same name, same bytes: a duplicate, reported beside the first under a free name
        drop(name, csv);
        String second = name.replace(".csv", "-2.csv");
        List<ReportRow> duplicate = awaitReport(".done", second);
        // other name, same bytes: still the same batch
        String renamed = drop(uniqueName("renamed", "csv"), csv);
        List<ReportRow> duplicateToo = awaitReport(".done", renamed);

        for (List<ReportRow> report : List.of(duplicate, duplicateToo)) {
            assertThat(report).hasSize(1);
            assertThat(report.get(0).errorCode()).isEqualTo("DUPLICATE_BATCH");
            assertThat(report.get(0).errorMessage()).startsWith("duplicate batch").contains(name);
        }
        assertThat(Inbox.report(Inbox.DIR.resolve(".done").resolve(name + ".report.csv"))).isEqualTo(first);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batches WHERE file_name IN (?, ?, ?)", Long.class,
                name, second, renamed)).isEqualTo(1);
    }

    @Test
    void the_batch_api_answers_in_the_contracts_envelope() {
        String tenantId = tenant();
        String contactId = api.contact(tenantId, uniquePhone());
        String name = drop(uniqueName("listed", "csv"), "tenantId,contactId,message\n" + tenantId + ","
                + contactId + ",listed\n");
        awaitReport(".done", name);

        Api.Response list = api.get("/batches?status=done&limit=5");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.data()).hasSizeBetween(1, 5);
        assertThat(list.data().get(0).path("file_name").asText()).isEqualTo(name);
        list.data().forEach(batch -> assertThat(batch.path("status").asText()).isEqualTo("done"));

        assertError(api.get("/batches/not-a-uuid"), 400, "VALIDATION_ERROR");
        assertError(api.get("/batches/" + UUID.randomUUID()), 404, "BATCH_NOT_FOUND");
        assertError(api.get("/batches?limit=0"), 400, "VALIDATION_ERROR");
        assertError(api.get("/batches?status=finished"), 400, "VALIDATION_ERROR");
    }

    @Test
    void a_batch_of_one_tenants_rows_is_that_tenants_to_read_a_file_mixing_tenants_the_operators_only() {
        String owner = tenant();
        String other = tenant();
        String own = drop(uniqueName("own", "csv"), "tenantId,phone,message\n" + owner + "," + uniquePhone()
                + ",mine\n" + owner + "," + uniquePhone() + ",mine too\n");
        String mixed = drop(uniqueName("mixed-tenants", "csv"), "tenantId,phone,message\n" + owner + ","
                + uniquePhone() + ",for the owner\n" + other + "," + uniquePhone() + ",for the other\n");
        awaitReport(".done", own);
        awaitReport(".done", mixed);
        String ownId = jdbc.queryForObject("SELECT id::text FROM batches WHERE file_name = ?", String.class, own);
        String mixedId = jdbc.queryForObject("SELECT id::text FROM batches WHERE file_name = ?", String.class, mixed);
        Api asOwner = api.as(api.keyOf(owner));
        Api asOther = api.as(api.keyOf(other));

        assertThat(asOwner.get("/batches/" + ownId).data().path("rows_accepted").asInt()).isEqualTo(2);
        assertThat(asOwner.get("/batches").data().findValuesAsText("id")).contains(ownId).doesNotContain(mixedId);
        // another tenant: as if the batch did not exist, and nothing of it in the answer
        Api.Response notYours = asOther.get("/batches/" + ownId);
        assertError(notYours, 404, "BATCH_NOT_FOUND");
        assertThat(notYours.raw()).doesNotContain(own);
        assertThat(asOther.get("/batches").data().findValuesAsText("id")).doesNotContain(ownId, mixedId);
        // a file of two tenants' rows is neither's; the operator sees both
        assertError(asOwner.get("/batches/" + mixedId), 404, "BATCH_NOT_FOUND");
        assertThat(api.as(Api.ADMIN_KEY).get("/batches/" + mixedId).data().path("rows_accepted").asInt()).isEqualTo(2);
        assertThat(api.as(Api.ADMIN_KEY).get("/batches?limit=500").data().findValuesAsText("id"))
                .contains(ownId, mixedId);
        assertError(api.anonymous().get("/batches/" + ownId), 401, "UNAUTHORIZED");
    }

    private static void assertError(Api.Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.json().path("success").asBoolean()).isFalse();
        assertThat(response.errorCode()).isEqualTo(code);
    }
}
