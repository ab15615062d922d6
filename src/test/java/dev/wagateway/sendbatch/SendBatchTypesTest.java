package dev.wagateway.sendbatch;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch mixing the send types: each item checked with the single send's rules, stored with its type and content,
 * and posted by redelivery in the shape docs/message-types.md documents; replies and reactions resolved in each
 * item's own conversation, an item naming a message not there refused alone.
 */
class SendBatchTypesTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    private String tenantId;

    @AfterEach
    void nothingLeftQueued() {
        jdbc.update("UPDATE messages SET status = 'cancelled', next_attempt_at = NULL WHERE tenant_id = ?::uuid"
                + " AND status = 'queued'", tenantId);
    }

    @Test
    void a_batch_of_mixed_types_reaches_meta_item_by_item_in_each_types_shape() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(okJson(fixture("send_response_success.json"))));
        tenantId = api.tenant("Batch types");
        String[] phones = {uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()};
        String target = "0b1c2d3e-4f50-4617-a829-3a4b5c6d7e8f";
        List<Object> items = List.of(
                Map.of("to", phones[0], "type", "image", "media", Map.of("link", "https://example.com/a.jpg"),
                        "caption", "A"),
                Map.of("to", phones[1], "type", "location", "location", Map.of("latitude", 52.52, "longitude", 13.405)),
                Map.of("to", phones[2], "type", "interactive", "interactive", Map.of("body", "Confirm?",
                        "buttons", List.of(Map.of("id", "yes", "title", "Yes")))),
                Map.of("to", phones[3], "message", "plain text"),
                Map.of("to", uniquePhone(), "type", "image", "media", Map.of("link", "http://example.com/a.jpg")),
                Map.of("to", uniquePhone(), "message", "a reply", "replyTo", target),
                Map.of("to", uniquePhone(), "type", "reaction", "reaction", Map.of("messageId", target, "emoji", "")));

        Api.Response response = api.as(api.keyOf(tenantId)).post("/messages/batch",
                Api.json(Map.of("messages", items)));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        JsonNode results = response.data().path("results");
        assertThat(response.data().path("accepted").asInt()).isEqualTo(4);
        assertThat(results.get(4).path("error").path("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(results.get(4).path("error").path("message").asText()).contains("media.link");
        for (int i = 5; i < 7; i++) {
            assertThat(results.get(i).path("error").path("code").asText()).as("item %d", i)
                    .isEqualTo("MESSAGE_NOT_FOUND");
        }
        assertThat(jdbc.queryForList("SELECT type FROM messages WHERE tenant_id = ?::uuid ORDER BY type",
                String.class, tenantId)).containsExactly("image", "interactive", "location", "text");

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM messages"
                + " WHERE tenant_id = ?::uuid AND status = 'sent'", Long.class, tenantId) == 4);
        verifyPosted(phones[0], "image", "{\"link\": \"https://example.com/a.jpg\", \"caption\": \"A\"}");
        verifyPosted(phones[1], "location", "{\"latitude\": 52.52, \"longitude\": 13.405}");
        verifyPosted(phones[2], "interactive", "{\"type\": \"button\", \"body\": {\"text\": \"Confirm?\"},"
                + " \"action\": {\"buttons\": [{\"type\": \"reply\", \"reply\": {\"id\": \"yes\", \"title\": \"Yes\"}}]}}");
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s", "type": "text",
                 "text": {"preview_url": false, "body": "plain text"}}""".formatted(phones[3]))));
    }

    @Test
    void replies_and_reactions_are_resolved_in_each_items_own_conversation() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(okJson(fixture("send_response_success.json"))));
        tenantId = api.tenant("Batch replies");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String otherContact = api.contact(tenantId, uniquePhone());
        String wamid = "wamid.INBOUND" + UUID.randomUUID().toString().replace("-", "");
        String question = customerWrote(tenantId, contactId, wamid);
        String unsent = api.as(api.keyOf(tenantId)).post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "later",
                "sendAt", java.time.OffsetDateTime.now().plusDays(1).toString()))).data().path("id").asText();
        List<Object> items = List.of(
                Map.of("contactId", contactId, "message", "Yes, 10:00 works", "replyTo", question),
                Map.of("contactId", contactId, "type", "reaction", "reaction", Map.of("messageId", question,
                        "emoji", "\uD83D\uDC4D")),
                Map.of("contactId", otherContact, "message", "not their thread", "replyTo", question),
                Map.of("contactId", contactId, "message", "too early", "replyTo", unsent));

        Api.Response response = api.as(api.keyOf(tenantId)).post("/messages/batch",
                Api.json(Map.of("messages", items)));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        JsonNode results = response.data().path("results");
        assertThat(response.data().path("accepted").asInt()).isEqualTo(2);
        assertThat(results.get(2).path("error").path("code").asText()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(results.get(3).path("error").path("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(results.get(3).path("error").path("message").asText()).contains("no WhatsApp id yet");
        assertThat(jdbc.queryForObject("SELECT reply_to FROM messages WHERE id = ?::uuid", String.class,
                results.get(0).path("id").asText())).isEqualTo(question);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM messages"
                + " WHERE tenant_id = ?::uuid AND status = 'sent'", Long.class, tenantId) == 2);
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s", "type": "text",
                 "text": {"preview_url": false, "body": "Yes, 10:00 works"}, "context": {"message_id": "%s"}}
                """.formatted(phone, wamid))));
        verifyPosted(phone, "reaction", "{\"message_id\": \"" + wamid + "\", \"emoji\": \"\uD83D\uDC4D\"}");
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("not their thread")));
    }

    private static void verifyPosted(String phone, String type, String object) {
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(
                "{\"messaging_product\": \"whatsapp\", \"recipient_type\": \"individual\", \"to\": \"" + phone
                        + "\", \"type\": \"" + type + "\", \"" + type + "\": " + object + "}")));
    }
}
