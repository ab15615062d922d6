package dev.wagateway.sendbatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /messages/batch} end to end: each item validated as a single send, only the valid ones stored (and
 * then sent by the real redelivery route to the Graph API stub), the whole request refused for its shape or size,
 * an Idempotency-Key's repeat answered from the first, and a failed transaction leaving nothing.
 */
class SendBatchTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private static final String FAULT = "send_batch_test_fault";

    private String tenantId;
    private String contactId;

    @BeforeEach
    void aTenantWithAContactAndWhatsAppAccepting() {
        tenantId = api.tenant("Batch sender");
        contactId = api.contact(tenantId, uniquePhone());
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
    }

    @AfterEach
    void noFaultAndNothingLeftQueued() {
        dropFault();
        // what a test left queued (scheduled ones) never reaches a later test's stub
        jdbc.update("UPDATE messages SET status = 'cancelled', next_attempt_at = NULL WHERE tenant_id = ?::uuid"
                + " AND status = 'queued'", tenantId);
    }

    private Api.Response batch(List<?> items) {
        return api.post("/messages/batch", Api.json(Map.of("messages", items)));
    }

    private static Map<String, Object> item(Object... fields) {
        Map<String, Object> item = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            item.put((String) fields[i], fields[i + 1]);
        }
        return item;
    }

    private long messages() {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantId);
    }

    private int callsFor(String content) {
        return GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(containing("\"" + content + "\""))).size();
    }

    @Test
    void valid_items_are_stored_and_sent_by_redelivery_invalid_ones_answered_with_the_single_sends_codes_in_order() {
        String otherTenantsContact = api.contact(api.tenant("Someone else"), uniquePhone());
        String run = UUID.randomUUID().toString();
        String newPhone = uniquePhone();
        Instant sendAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Object> items = List.of(
                item("contactId", contactId, "message", "to contact " + run, "clientReference", "ref-" + run),
                item("contactId", contactId, "message", "   "),
                item("to", "12345", "message", "bad phone " + run),
                item("to", newPhone, "message", "to new phone " + run),
                item("to", newPhone, "message", "again to new phone " + run),
                item("contactId", otherTenantsContact, "message", "not mine " + run),
                42,
                item("contactId", contactId, "to", newPhone, "message", "both " + run),
                item("contactId", contactId, "message", "later " + run, "sendAt", sendAt.toString()),
                item("contactId", contactId, "message", "x".repeat(4097)),
                item("tenantId", UUID.randomUUID().toString(), "contactId", contactId, "message", "other " + run));

        Api.Response response = api.as(api.keyOf(tenantId)).post("/messages/batch",
                Api.json(Map.of("messages", items)));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        JsonNode data = response.data();
        assertThat(data.path("accepted").asInt()).isEqualTo(4);
        assertThat(data.path("rejected").asInt()).isEqualTo(7);
        JsonNode results = data.path("results");
        assertThat(results).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
        }
        String[] codes = {null, "EMPTY_MESSAGE", "INVALID_PHONE_NUMBER", null, null, "CONTACT_NOT_FOUND",
            "VALIDATION_ERROR", "VALIDATION_ERROR", null, "MESSAGE_TOO_LONG", "FORBIDDEN"};
        for (int i = 0; i < codes.length; i++) {
            JsonNode result = results.get(i);
            if (codes[i] == null) {
                assertThat(result.has("error")).as("item %d: %s", i, result).isFalse();
                assertThat(UUID.fromString(result.path("id").asText())).isNotNull();
            } else {
                assertThat(result.has("id")).as("item %d: %s", i, result).isFalse();
                assertThat(result.path("error").path("code").asText()).as("item %d", i).isEqualTo(codes[i]);
                assertThat(result.path("error").path("message").asText()).isNotBlank();
            }
        }
        assertThat(messages()).as("only the valid items stored").isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid AND phone = ?",
                Long.class, tenantId, newPhone)).as("one contact for the new phone, made once").isEqualTo(1);
        Map<String, Object> first = jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid",
                results.get(0).path("id").asText());
        assertThat(first).containsEntry("status", "queued").containsEntry("client_reference", "ref-" + run)
                .containsEntry("lease_owner", null);
        Map<String, Object> later = jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid",
                results.get(8).path("id").asText());
        assertThat(((Timestamp) later.get("scheduled_at")).toInstant()).isEqualTo(sendAt);
        assertThat(((Timestamp) later.get("next_attempt_at")).toInstant()).isEqualTo(sendAt);
        assertThat(((Timestamp) later.get("expires_at")).toInstant()).isEqualTo(sendAt.plus(Duration.ofHours(24)));
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT conversation_id) FROM messages WHERE tenant_id = ?::uuid",
                Long.class, tenantId)).as("one conversation per contact").isEqualTo(2);

        // no attempt in the call: redelivery sends each due message, once; the scheduled one waits
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM messages"
                + " WHERE tenant_id = ?::uuid AND status = 'sent'", Long.class, tenantId) == 3);
        assertThat(callsFor("to contact " + run)).isEqualTo(1);
        assertThat(callsFor("to new phone " + run)).isEqualTo(1);
        assertThat(callsFor("again to new phone " + run)).isEqualTo(1);
        assertThat(callsFor("later " + run)).isZero();
        assertThat(callsFor("bad phone " + run) + callsFor("not mine " + run) + callsFor("both " + run)).isZero();
    }

    @Test
    void every_item_refused_is_still_201_with_accepted_0() {
        Api.Response response = batch(List.of(item("contactId", contactId, "message", "")));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.data().path("accepted").asInt()).isZero();
        assertThat(response.data().path("rejected").asInt()).isEqualTo(1);
        assertThat(messages()).isZero();
    }

    @Test
    void a_body_not_an_object_with_1_to_1000_messages_is_400_and_stores_nothing() {
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(item("contactId", contactId, "message", "many " + i));
        }
        for (String body : List.of("{\"messages\": []}", "{\"messages\": {}}", "[]", "{}", "{\"messages\": null}",
                "{\"messages\": [", Api.json(Map.of("messages", tooMany)))) {
            Api.Response response = api.post("/messages/batch", body);
            assertThat(response.status()).as(body.substring(0, Math.min(40, body.length()))).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(messages()).isZero();
    }

    @Test
    void a_thousand_long_texts_fit_and_a_body_over_the_batch_limit_is_413() {
        // 1,000 texts of 4,000 characters (about 4 MB, over API_MAX_BODY_BYTES): within the batch's limit
        String text = "y".repeat(4000);
        String sendAt = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(item("contactId", contactId, "message", text, "sendAt", sendAt));
        }
        Api.Response fits = batch(items);
        assertThat(fits.status()).as(fits.raw().substring(0, Math.min(300, fits.raw().length()))).isEqualTo(201);
        assertThat(fits.data().path("accepted").asInt()).isEqualTo(1000);
        assertThat(messages()).isEqualTo(1000);

        byte[] tooLarge = Api.json(Map.of("messages", List.of(item("contactId", contactId, "message",
                "z".repeat(9 * 1024 * 1024))))).getBytes(StandardCharsets.UTF_8);
        Api.Response refused = api.post("/messages/batch", tooLarge, Map.of());
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(messages()).isEqualTo(1000);
    }

    @Test
    void a_repeat_with_the_same_idempotency_key_gets_the_same_answer_and_creates_nothing() {
        String key = "batch-" + UUID.randomUUID();
        String newPhone = uniquePhone();
        String body = Api.json(Map.of("messages", List.of(item("to", newPhone, "message", "idem 1"),
                item("contactId", contactId, "message", " "))));

        Api.Response first = api.post("/messages/batch", body, Map.of("Idempotency-Key", key));
        Api.Response repeat = api.post("/messages/batch", body, Map.of("Idempotency-Key", key));

        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.status()).as(repeat.raw()).isEqualTo(201);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeat.data()).isEqualTo(first.data());
        assertThat(messages()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid AND phone = ?",
                Long.class, tenantId, newPhone)).isEqualTo(1);

        Api.Response other = api.post("/messages/batch", Api.json(Map.of("messages",
                List.of(item("contactId", contactId, "message", "idem 2")))), Map.of("Idempotency-Key", key));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(messages()).isEqualTo(1);
    }

    @Test
    void a_failed_transaction_stores_none_of_the_items_nor_their_contacts() {
        String marker = "batch-fault-" + UUID.randomUUID();
        String newPhone = uniquePhone();
        String key = "fault-" + UUID.randomUUID();
        // PostgreSQL refuses the message with this text at COMMIT: every statement of the store has run
        jdbc.execute("CREATE FUNCTION " + FAULT + "() RETURNS trigger AS $$ BEGIN IF NEW.content = '" + marker
                + "' THEN RAISE EXCEPTION 'fault injected by SendBatchTest'; END IF; RETURN NEW; END $$"
                + " LANGUAGE plpgsql");
        jdbc.execute("CREATE CONSTRAINT TRIGGER " + FAULT + " AFTER INSERT ON messages DEFERRABLE INITIALLY DEFERRED"
                + " FOR EACH ROW EXECUTE FUNCTION " + FAULT + "()");

        Api.Response response = api.post("/messages/batch", Api.json(Map.of("messages", List.of(
                item("to", newPhone, "message", "fine"), item("contactId", contactId, "message", marker)))),
                Map.of("Idempotency-Key", key));

        assertThat(response.status()).as(response.raw()).isBetween(500, 599);
        assertThat(response.json().path("success").asBoolean()).isFalse();
        assertThat(messages()).as("none of the batch").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid AND phone = ?",
                Long.class, tenantId, newPhone)).as("the contact made for it rolled back").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid",
                Long.class, tenantId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?",
                Long.class, key)).as("nor the key").isZero();
    }

    private void dropFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS " + FAULT + " ON messages");
        jdbc.execute("DROP FUNCTION IF EXISTS " + FAULT + "()");
    }
}
