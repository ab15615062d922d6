package dev.wagateway.contact;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.ingest.Inbox;
import dev.wagateway.ingest.Inbox.ReportRow;
import dev.wagateway.redelivery.Backlog;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.Test;

/**
 * Opt-out and opt-in end to end: customers' STOP / START texts through the real webhook route (signed as Meta signs
 * them), by hand through {@code PUT /contacts/{id}/consent}, and what an opted-out contact no longer gets: sends,
 * batch items and file rows refused with nothing stored and no request at the Graph API stub, queued messages failed.
 */
class ConsentTest extends IntegrationTest {

    static final String MESSAGES_PATH = "/v25.0/" + MetaPayloads.PHONE_NUMBER_ID + "/messages";

    @Test
    void each_default_keyword_in_any_case_and_spacing_opts_out_and_start_or_subscribe_opts_back_in() {
        String tenantId = api.tenant("Consent keywords");
        Api tenant = api.as(api.keyOf(tenantId));
        List<String> optOuts = List.of("STOP", " stop ", "Stop\n", "UNSUBSCRIBE", "unsubscribe ", "CANCEL", "cancel",
                "STOP ALL", "stop all", "  Stop All\t");
        List<String> optIns = List.of("START", " start", "Subscribe", "SUBSCRIBE\n");
        for (int i = 0; i < optOuts.size(); i++) {
            String phone = uniquePhone();
            String contactId = api.contact(tenantId, phone);
            Instant before = Instant.now().minusSeconds(1);

            customerWrites(phone, optOuts.get(i));

            Instant optedOut = optedOutAt(contactId);
            assertThat(optedOut).as("opted out by %s", Api.json(optOuts.get(i))).isNotNull().isAfter(before);
            JsonNode shown = tenant.get("/contacts/" + contactId).data();
            assertThat(Instant.parse(shown.path("opted_out_at").asText())).isEqualTo(optedOut);
            JsonNode byPhone = tenant.get("/contacts?phone=" + phone.substring(1)).data();
            assertThat(byPhone).hasSize(1);
            assertThat(byPhone.get(0).path("opted_out_at").asText()).isEqualTo(shown.path("opted_out_at").asText());

            customerWrites(phone, optIns.get(i % optIns.size()));

            assertThat(optedOutAt(contactId)).as("opted back in by %s", Api.json(optIns.get(i % optIns.size())))
                    .isNull();
            assertThat(tenant.get("/contacts/" + contactId).data().path("opted_out_at").isNull()).isTrue();
        }
        JsonNode listed = tenant.get("/contacts").data();
        assertThat(listed).hasSize(optOuts.size());
        listed.forEach(contact -> assertThat(contact.has("opted_out_at")).isTrue());
    }

    @Test
    void a_keyword_inside_a_longer_text_or_an_image_captioned_stop_changes_nothing() {
        String tenantId = api.tenant("Consent not keywords");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);

        for (String text : List.of("Please STOP", "STOP!", "stop  all", "STOPS", "I want to cancel my order",
                "start over")) {
            customerWrites(phone, text);
        }
        ObjectNode image = MetaPayloads.inbound("webhook_inbound_image.json", phone, wamid(),
                Instant.now().getEpochSecond());
        ((ObjectNode) MetaPayloads.value(image).path("messages").path(0).path("image")).put("caption", "STOP");
        processed(webhook(MetaPayloads.bytes(image)));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE contact_id = ?::uuid"
                + " AND direction = 'inbound'", Long.class, contactId)).as("all stored").isEqualTo(7);
        assertThat(optedOutAt(contactId)).isNull();
    }

    @Test
    void stop_again_keeps_the_first_opt_out_and_meta_repeating_an_old_stop_after_start_changes_nothing() {
        String tenantId = api.tenant("Consent repeats");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        byte[] stop = text(phone, "STOP", wamid());

        processed(webhook(stop));
        Instant first = optedOutAt(contactId);
        customerWrites(phone, "stop");
        assertThat(optedOutAt(contactId)).as("the first opt-out's time").isEqualTo(first);

        customerWrites(phone, "START");
        processed(webhook(stop)); // Meta delivers the first STOP again: already stored, no change
        assertThat(optedOutAt(contactId)).isNull();
    }

    @Test
    void by_hand_out_and_in_for_the_tenants_own_contacts_only() {
        String tenantId = api.tenant("Consent by hand");
        Api tenant = api.as(api.keyOf(tenantId));
        String contactId = api.contact(tenantId, uniquePhone());
        String other = api.tenant("Consent other tenant");
        Api otherTenant = api.as(api.keyOf(other));

        Api.Response out = tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\": true}");
        assertThat(out.status()).as(out.raw()).isEqualTo(200);
        assertThat(out.data().path("id").asText()).isEqualTo(contactId);
        Instant optedOut = optedOutAt(contactId);
        assertThat(Instant.parse(out.data().path("opted_out_at").asText())).isEqualTo(optedOut);
        assertThat(tenant.get("/contacts/" + contactId).data()).isEqualTo(out.data());
        Api.Response again = tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\": true}");
        assertThat(again.data()).as("out already: the first time kept").isEqualTo(out.data());

        Api.Response foreign = otherTenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\": false}");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("CONTACT_NOT_FOUND");
        assertThat(foreign.raw()).doesNotContain("opted_out_at");
        assertThat(tenant.put("/contacts/" + UUID.randomUUID() + "/consent", "{\"optedOut\": true}").errorCode())
                .isEqualTo("CONTACT_NOT_FOUND");
        for (String bad : List.of("{}", "{\"optedOut\": null}", "{\"optedOut\": \"false\"}", "{\"optedOut\": 0}",
                "{\"optedOut\": [true]}", "[]", "", "not json")) {
            Api.Response refused = tenant.put("/contacts/" + contactId + "/consent", bad);
            assertThat(refused.status()).as("%s: %s", bad, refused.raw()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(api.as(Api.ADMIN_KEY).put("/contacts/" + contactId + "/consent", "{\"optedOut\": false}")
                .errorCode()).as("the operator key").isEqualTo("FORBIDDEN");
        assertThat(optedOutAt(contactId)).as("no refused request changed it").isEqualTo(optedOut);

        Api.Response in = tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\": false}");
        assertThat(in.status()).isEqualTo(200);
        assertThat(in.data().path("opted_out_at").isNull()).isTrue();
        assertThat(optedOutAt(contactId)).isNull();
    }

    @Test
    void a_send_to_an_opted_out_contact_is_409_with_nothing_stored_and_nothing_sent() {
        graphAccepts();
        String tenantId = api.tenant("Consent send");
        Api tenant = api.as(api.keyOf(tenantId));
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        optOutByHand(tenant, contactId);

        Api.Response byId = tenant.post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "hi")));
        Api.Response byPhone = tenant.post("/messages/send", Api.json(Map.of("to", phone, "message", "hi")));
        Api.Response template = tenant.post("/messages/send", Api.json(Map.of("contactId", contactId,
                "type", "template", "template", Map.of("name", "order_shipped", "language", "en_US"))));
        Api.Response later = tenant.post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "hi",
                "sendAt", Instant.now().plus(1, ChronoUnit.HOURS).toString())));
        Api.Response keyed = tenant.post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "hi")),
                Map.of("Idempotency-Key", "consent-" + UUID.randomUUID()));

        for (Api.Response refused : List.of(byId, byPhone, template, later, keyed)) {
            assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("CONTACT_OPTED_OUT");
        }
        assertThat(count("messages", contactId)).as("no message").isZero();
        assertThat(count("conversations", contactId)).as("no conversation opened either").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?::uuid",
                Long.class, tenantId)).as("no key kept").isZero();
        assertThat(requestsTo(phone)).as("nothing reached WhatsApp").isZero();

        String newPhone = uniquePhone();
        Api.Response toSomeoneNew = tenant.post("/messages/send", Api.json(Map.of("to", newPhone, "message", "hi")));
        assertThat(toSomeoneNew.status()).as("a phone that is no contact yet has not opted out").isEqualTo(201);
        assertThat(toSomeoneNew.data().path("status").asText()).isEqualTo("sent");
        assertThat(requestsTo(newPhone)).isEqualTo(1);
    }

    @Test
    void a_batch_item_to_an_opted_out_contact_is_refused_alone() {
        graphAccepts();
        String tenantId = api.tenant("Consent batch");
        Api tenant = api.as(api.keyOf(tenantId));
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String otherPhone = uniquePhone();
        String otherId = api.contact(tenantId, otherPhone);
        optOutByHand(tenant, contactId);

        Api.Response batch = tenant.post("/messages/batch", Api.json(Map.of("messages", List.of(
                Map.of("contactId", contactId, "message", "by id"),
                Map.of("to", phone.substring(1), "message", "by phone"),
                Map.of("contactId", otherId, "message", "to someone who did not opt out")))));

        assertThat(batch.status()).as(batch.raw()).isEqualTo(201);
        assertThat(batch.data().path("accepted").asInt()).isEqualTo(1);
        assertThat(batch.data().path("rejected").asInt()).isEqualTo(2);
        JsonNode results = batch.data().path("results");
        for (int i = 0; i < 2; i++) {
            assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
            assertThat(results.get(i).path("error").path("code").asText()).isEqualTo("CONTACT_OPTED_OUT");
        }
        String accepted = results.get(2).path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(status(accepted)));
        assertThat(count("messages", contactId)).isZero();
        assertThat(requestsTo(phone)).isZero();
        assertThat(requestsTo(otherPhone)).isEqualTo(1);
    }

    @Test
    void a_file_row_to_an_opted_out_contact_is_a_rejected_row_of_the_report() {
        graphAccepts();
        String tenantId = api.tenant("Consent file");
        Api tenant = api.as(api.keyOf(tenantId));
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String otherPhone = uniquePhone();
        optOutByHand(tenant, contactId);

        String name = Inbox.drop(Inbox.uniqueName("consent", "csv"), String.join("\n",
                "tenantId,contactId,phone,name,message,type",
                tenantId + "," + contactId + ",,,by id,text",
                tenantId + ",," + phone.substring(1) + ",,by phone,text",
                tenantId + ",," + otherPhone + ",New,to someone else,text"));
        List<ReportRow> report = Inbox.awaitReport(".done", name);

        assertThat(report).extracting(ReportRow::status).containsExactly("rejected", "rejected", "accepted");
        assertThat(report).extracting(ReportRow::errorCode).containsExactly("CONTACT_OPTED_OUT", "CONTACT_OPTED_OUT",
                "");
        String accepted = report.get(2).messageId();
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(status(accepted)));
        assertThat(count("messages", contactId)).isZero();
        assertThat(requestsTo(phone)).isZero();
        assertThat(requestsTo(otherPhone)).isEqualTo(1);
    }

    @Test
    void queued_messages_fail_when_the_contact_opts_out_and_none_reaches_whatsapp_afterwards() {
        graphAccepts();
        String tenantId = api.tenant("Consent queued");
        Api tenant = api.as(api.keyOf(tenantId));
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String scheduled = tenant.post("/messages/send", Api.json(Map.of("contactId", contactId, "message",
                "tomorrow's reminder", "sendAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()))).data()
                .path("id").asText();
        String batched = tenant.post("/messages/batch", Api.json(Map.of("messages", List.of(Map.of("contactId",
                contactId, "message", "from a batch", "sendAt", Instant.now().plus(2, ChronoUnit.HOURS).toString())))))
                .data().path("results").get(0).path("id").asText();
        Backlog backlog = new Backlog(jdbc, tenantId, contactId);
        String inImmediateAttempt = backlog.queuedLeased("being sent by its send", "another-instance");
        String claimed = backlog.sending("claimed by another instance", "another-instance");
        Api.Response before = tenant.send(tenantId, contactId, "sent before");
        assertThat(before.data().path("status").asText()).isEqualTo("sent");
        String delivered = before.data().path("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> "sent".equals(status(delivered)));

        customerWrites(phone, "STOP");

        for (String id : List.of(scheduled, batched)) {
            Map<String, Object> row = jdbc.queryForMap("SELECT status, last_error_code, last_error_message, attempts,"
                    + " failed_at, next_attempt_at FROM messages WHERE id = ?::uuid", id);
            assertThat(row).containsEntry("status", "failed").containsEntry("last_error_code", "CONTACT_OPTED_OUT")
                    .containsEntry("attempts", 0).containsEntry("next_attempt_at", null);
            assertThat(row.get("failed_at")).isNotNull();
            JsonNode shown = tenant.get("/messages/" + id).data();
            assertThat(shown.path("status").asText()).isEqualTo("failed");
            assertThat(shown.path("last_error").path("code").asText()).isEqualTo("CONTACT_OPTED_OUT");
        }
        assertThat(status(inImmediateAttempt)).as("in flight: left to its attempt").isEqualTo("queued");
        assertThat(status(claimed)).as("claimed: left to the delivery route").isEqualTo("sending");
        assertThat(status(delivered)).isEqualTo("sent");

        // queued after the opt-out committed (a send that read the contact just before it, say): redelivery claims
        // it, the delivery route reads the opt-out and fails it without a call
        String late = backlog.queued("queued as the contact opted out", 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(status(late)));
        Map<String, Object> row = jdbc.queryForMap("SELECT last_error_code, attempts FROM messages"
                + " WHERE id = ?::uuid", late);
        assertThat(row).containsEntry("last_error_code", "CONTACT_OPTED_OUT").containsEntry("attempts", 0);
        assertThat(requestsTo(phone)).as("only the message sent before the opt-out").isEqualTo(1);

        customerWrites(phone, "START");
        assertThat(status(scheduled)).as("an opt-in does not revive them").isEqualTo("failed");
        assertThat(tenant.send(tenantId, contactId, "welcome back").data().path("status").asText())
                .isEqualTo("sent");
        assertThat(requestsTo(phone)).isEqualTo(2);
        // the two rows this test made as another instance's: not sent by this one after the test, when leases run out
        jdbc.update("UPDATE messages SET status = 'cancelled' WHERE id IN (?::uuid, ?::uuid)", inImmediateAttempt,
                claimed);
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    /** The customer at {@code phone} writes {@code text}; returns once the webhook event is processed. */
    private void customerWrites(String phone, String text) {
        processed(webhook(text(phone, text, wamid())));
    }

    static byte[] text(String phone, String text, String wamid) {
        ObjectNode tree = MetaPayloads.inbound("webhook_inbound_text_captured.json", phone, wamid,
                Instant.now().getEpochSecond());
        ((ObjectNode) MetaPayloads.value(tree).path("messages").path(0).path("text")).put("body", text);
        return MetaPayloads.bytes(tree);
    }

    private long webhook(byte[] body) {
        Api.Response response = api.post("/webhooks/whatsapp", body,
                Map.of("X-Hub-Signature-256", MetaPayloads.sign(body)));
        assertThat(response.status()).isEqualTo(200);
        return response.data().path("event_id").asLong();
    }

    private void processed(long eventId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> "processed".equals(jdbc.queryForObject(
                "SELECT status FROM webhook_events WHERE id = ?", String.class, eventId)));
    }

    static String wamid() {
        return "wamid.CONSENT" + UUID.randomUUID().toString().replace("-", "");
    }

    private Instant optedOutAt(String contactId) {
        Timestamp at = jdbc.queryForObject("SELECT opted_out_at FROM contacts WHERE id = ?::uuid", Timestamp.class,
                contactId);
        return at == null ? null : at.toInstant();
    }

    private static void optOutByHand(Api tenant, String contactId) {
        Api.Response out = tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\":true}");
        assertThat(out.status()).as(out.raw()).isEqualTo(200);
    }

    private String status(String messageId) {
        return jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, messageId);
    }

    private long count(String table, String contactId) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE contact_id = ?::uuid", Long.class,
                contactId);
    }

    static void graphAccepts() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messaging_product\":\"whatsapp\","
                        + "\"contacts\":[{\"input\":\"1\",\"wa_id\":\"1\"}],"
                        + "\"messages\":[{\"id\":\"wamid.CONSENT" + UUID.randomUUID() + "\"}]}")));
    }

    /** Calls the Graph API stub received for this recipient (E.164, as the payload's {@code to}). */
    static int requestsTo(String phone) {
        return GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(containing("\"to\":\"" + phone + "\""))).size();
    }
}
