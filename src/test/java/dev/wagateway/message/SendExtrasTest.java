package dev.wagateway.message;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.wagateway.ingest.Inbox.awaitReport;
import static dev.wagateway.ingest.Inbox.drop;
import static dev.wagateway.ingest.Inbox.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.ingest.Inbox.ReportRow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's additions to POST /messages/send, end to end: the caller's {@code clientReference} (also on file rows),
 * shown as {@code client_reference} wherever the message is; and {@code to}, a phone number whose contact is found or
 * created in the send's transaction.
 */
class SendExtrasTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    private String tenantId;

    @BeforeEach
    void aTenantAndWhatsAppAccepting() {
        tenantId = api.tenant("Extras");
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
    }

    private Api.Response send(Map<String, Object> body) {
        Map<String, Object> withTenant = new HashMap<>(body);
        withTenant.put("tenantId", tenantId);
        return api.post("/messages/send", Api.json(withTenant));
    }

    private long messages() {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantId);
    }

    private long contacts() {
        return jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class, tenantId);
    }

    @Test
    void a_client_reference_is_stored_and_shown_by_the_send_the_message_and_the_list() {
        String contactId = api.contact(tenantId, uniquePhone());
        String reference = "order-4711/é" + "x".repeat(116); // 128 characters

        Api.Response sent = send(Map.of("contactId", contactId, "message", "Your order shipped",
                "clientReference", reference));

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        assertThat(sent.data().path("client_reference").asText()).isEqualTo(reference);
        assertThat(sent.data().path("scheduled_at").isNull()).isTrue();
        String id = sent.data().path("id").asText();
        assertThat(jdbc.queryForObject("SELECT client_reference FROM messages WHERE id = ?::uuid", String.class, id))
                .isEqualTo(reference);
        assertThat(api.get("/messages/" + id).data().path("client_reference").asText()).isEqualTo(reference);
        Api.Response list = api.get("/messages?tenantId=" + tenantId);
        assertThat(list.data().get(0).path("id").asText()).isEqualTo(id);
        assertThat(list.data().get(0).path("client_reference").asText()).isEqualTo(reference);

        // without one: null, there as a field
        Api.Response plain = send(Map.of("contactId", contactId, "message", "No reference"));
        assertThat(plain.data().has("client_reference")).isTrue();
        assertThat(plain.data().path("client_reference").isNull()).isTrue();
    }

    @Test
    void a_client_reference_over_128_characters_or_empty_is_refused_and_nothing_is_stored() {
        String contactId = api.contact(tenantId, uniquePhone());

        Api.Response tooLong = send(Map.of("contactId", contactId, "message", "Hi",
                "clientReference", "r".repeat(129)));
        Api.Response empty = send(Map.of("contactId", contactId, "message", "Hi", "clientReference", ""));

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(tooLong.json().path("error").path("message").asText()).contains("clientReference");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(messages()).isZero();
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void sends_to_a_phone_create_its_contact_once_and_then_reuse_it() {
        String phone = uniquePhone(); // +9198…
        String otherSpelling = "0091 " + phone.substring(3, 8) + " " + phone.substring(8);

        Api.Response first = send(Map.of("to", phone, "message", "First"));
        Api.Response second = send(Map.of("to", otherSpelling, "message", "Second"));

        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(second.status()).as(second.raw()).isEqualTo(201);
        assertThat(first.data().path("status").asText()).isEqualTo("sent");
        String contactId = first.data().path("contact_id").asText();
        assertThat(second.data().path("contact_id").asText()).isEqualTo(contactId);
        assertThat(second.data().path("conversation_id").asText())
                .isEqualTo(first.data().path("conversation_id").asText());
        assertThat(contacts()).isEqualTo(1);
        Map<String, Object> contact = jdbc.queryForMap("SELECT phone, name FROM contacts WHERE id = ?::uuid",
                contactId);
        assertThat(contact).containsEntry("phone", phone).containsEntry("name", phone);
        assertThat(api.get("/contacts/" + contactId).status()).isEqualTo(200);
        // WhatsApp got both, to the normalised number
        GRAPH.verify(2, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing("\"" + phone + "\"")));
    }

    @Test
    void a_send_to_the_phone_of_an_existing_contact_uses_that_contact() {
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);

        Api.Response sent = send(Map.of("to", phone, "message", "Hello again"));

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.data().path("contact_id").asText()).isEqualTo(contactId);
        assertThat(contacts()).isEqualTo(1);
    }

    @Test
    void concurrent_sends_to_a_new_phone_make_one_contact() throws Exception {
        String phone = uniquePhone();
        List<java.util.concurrent.CompletableFuture<Api.Response>> sends = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            sends.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> send(Map.of("to", phone, "message", "Race " + n))));
        }
        for (var s : sends) {
            assertThat(s.get().status()).as(s.get().raw()).isEqualTo(201);
        }
        assertThat(contacts()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT contact_id) FROM messages WHERE tenant_id = ?::uuid",
                Long.class, tenantId)).isEqualTo(1);
        assertThat(messages()).isEqualTo(8);
    }

    @Test
    void a_bad_phone_is_invalid_phone_number_and_stores_neither_contact_nor_message() {
        Api.Response bad = send(Map.of("to", "+1 555", "message", "Hi"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("INVALID_PHONE_NUMBER");
        assertThat(contacts()).isZero();
        assertThat(messages()).isZero();
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void exactly_one_of_to_and_contact_id() {
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);

        Api.Response both = send(Map.of("to", phone, "contactId", contactId, "message", "Hi"));
        Api.Response neither = send(Map.of("message", "Hi"));

        assertThat(both.status()).isEqualTo(400);
        assertThat(both.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(messages()).isZero();
        assertThat(contacts()).isEqualTo(1);
    }

    @Test
    void file_rows_keep_their_client_reference_csv_and_json_lines() {
        String contactId = api.contact(tenantId, uniquePhone());
        String csv = "tenantId,contactId,message,client_reference\n"
                + tenantId + "," + contactId + ",From a CSV,csv-ref-1\n"
                + tenantId + "," + contactId + ",No reference,\n"
                + tenantId + "," + contactId + ",Too long," + "r".repeat(129) + "\n";
        String jsonl = Api.json(Map.of("tenantId", tenantId, "contactId", contactId, "message", "From JSON Lines",
                "clientReference", "jsonl-ref-1")) + "\n"
                + Api.json(Map.of("tenantId", tenantId, "contactId", contactId, "message", "Scheduled in a file",
                        "sendAt", "2030-01-01T09:00:00Z")) + "\n";

        List<ReportRow> csvReport = awaitReport(".done", drop(uniqueName("refs", "csv"), csv));
        List<ReportRow> jsonlReport = awaitReport(".done", drop(uniqueName("refs", "jsonl"), jsonl));

        assertThat(csvReport).extracting(ReportRow::status).containsExactly("accepted", "accepted", "rejected");
        assertThat(csvReport.get(2).errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(reference(csvReport.get(0).messageId())).isEqualTo("csv-ref-1");
        assertThat(reference(csvReport.get(1).messageId())).isNull();
        // a file's rows are sent at once: a row asking for a schedule is refused, not sent early
        assertThat(jsonlReport).extracting(ReportRow::status).containsExactly("accepted", "rejected");
        assertThat(jsonlReport.get(1).errorCode()).isEqualTo("VALIDATION_ERROR");
        String jsonlId = jsonlReport.get(0).messageId();
        assertThat(reference(jsonlId)).isEqualTo("jsonl-ref-1");
        assertThat(api.get("/messages/" + jsonlId).data().path("client_reference").asText()).isEqualTo("jsonl-ref-1");
        // ...and sent by redelivery as any file row
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND status = 'sent'", Long.class,
                tenantId) == 3);
    }

    private String reference(String messageId) {
        return jdbc.queryForObject("SELECT client_reference FROM messages WHERE id = ?::uuid", String.class,
                messageId);
    }
}
