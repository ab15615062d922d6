package dev.wagateway.message;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The send types of issue 22 through {@code POST /messages/send}: for each, the exact JSON WireMock (Meta) receives,
 * compared with the shape docs/message-types.md documents; the view's {@code content} and {@code reply_to}; replies
 * and reactions resolved in the conversation only; a redelivered image posting the same payload.
 */
class MessageTypesSendTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private static final String SENT_WAMID = "wamid.TESTGAsxNTU1MDAwMTExMRUCABEYElRFU1RPVVQx";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each type: the request's fields, and the object Meta gets under the type's key (= the stored content). */
    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of("image", """
                        {"media": {"link": "https://example.com/orders/4711.jpg"}, "caption": "Your order, packed"}""",
                        """
                        {"link": "https://example.com/orders/4711.jpg", "caption": "Your order, packed"}"""),
                Arguments.of("video", """
                        {"media": {"id": "1037543291543636"}, "caption": "How to assemble"}""", """
                        {"id": "1037543291543636", "caption": "How to assemble"}"""),
                Arguments.of("audio", """
                        {"media": {"link": "https://example.com/voice/1.ogg"}}""", """
                        {"link": "https://example.com/voice/1.ogg"}"""),
                Arguments.of("document", """
                        {"media": {"link": "https://example.com/invoices/4711.pdf"}, "caption": "Invoice 4711",
                         "filename": "invoice-4711.pdf"}""", """
                        {"link": "https://example.com/invoices/4711.pdf", "caption": "Invoice 4711",
                         "filename": "invoice-4711.pdf"}"""),
                Arguments.of("sticker", """
                        {"media": {"id": "798882015472548"}}""", """
                        {"id": "798882015472548"}"""),
                Arguments.of("location", """
                        {"location": {"latitude": 52.52, "longitude": 13.405, "name": "Store Mitte",
                                      "address": "Unter den Linden 1, Berlin"}}""", """
                        {"latitude": 52.52, "longitude": 13.405, "name": "Store Mitte",
                         "address": "Unter den Linden 1, Berlin"}"""),
                Arguments.of("interactive", """
                        {"interactive": {"header": "Appointment", "body": "Tomorrow at 10:00?", "footer": "Reply by 18:00",
                         "buttons": [{"id": "confirm", "title": "Confirm"}, {"id": "reschedule", "title": "Reschedule"}]}}""",
                        """
                        {"type": "button", "header": {"type": "text", "text": "Appointment"},
                         "body": {"text": "Tomorrow at 10:00?"}, "footer": {"text": "Reply by 18:00"},
                         "action": {"buttons": [{"type": "reply", "reply": {"id": "confirm", "title": "Confirm"}},
                                                {"type": "reply", "reply": {"id": "reschedule", "title": "Reschedule"}}]}}"""),
                Arguments.of("interactive", """
                        {"interactive": {"body": "Pick a slot", "list": {"button": "Slots", "sections": [
                          {"title": "Monday", "rows": [{"id": "mon-10", "title": "10:00", "description": "with Dr. Rao"}]},
                          {"title": "Tuesday", "rows": [{"id": "tue-09", "title": "09:00"}]}]}}}""", """
                        {"type": "list", "body": {"text": "Pick a slot"}, "action": {"button": "Slots", "sections": [
                          {"title": "Monday", "rows": [{"id": "mon-10", "title": "10:00", "description": "with Dr. Rao"}]},
                          {"title": "Tuesday", "rows": [{"id": "tue-09", "title": "09:00"}]}]}}"""),
                Arguments.of("interactive", """
                        {"interactive": {"body": "Track your parcel",
                         "ctaUrl": {"displayText": "Track", "url": "https://example.com/track/4711"}}}""", """
                        {"type": "cta_url", "body": {"text": "Track your parcel"}, "action": {"name": "cta_url",
                         "parameters": {"display_text": "Track", "url": "https://example.com/track/4711"}}}"""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("types")
    void each_type_reaches_meta_in_the_documented_shape_and_is_shown_as_sent(String type, String fields,
            String metaObject) throws JsonProcessingException {
        whatsAppAccepts();
        String tenantId = api.tenant("Types");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);

        Api.Response sent = send(tenantId, contactId, type, fields);

        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        assertThat(sent.data().path("type").asText()).isEqualTo(type);
        assertThat(JSON.readTree(sent.data().path("content").asText())).isEqualTo(JSON.readTree(metaObject));
        assertThat(sent.data().path("reply_to").isNull()).isTrue();
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(payload(phone, type,
                metaObject, null))));
        Api.Response view = api.get("/messages/" + sent.data().path("id").asText());
        assertThat(JSON.readTree(view.data().path("content").asText())).isEqualTo(JSON.readTree(metaObject));
        assertThat(view.data().path("type").asText()).isEqualTo(type);
        assertThat(view.data().has("reply_to")).isTrue();
    }

    @Test
    void the_other_types_fields_null_are_absent_and_a_text_is_sent_as_before() {
        whatsAppAccepts();
        String tenantId = api.tenant("Nulls");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);

        Api.Response sent = send(tenantId, contactId, "text", """
                {"message": "plain", "media": null, "caption": null, "filename": null, "location": null,
                 "interactive": null, "reaction": null, "replyTo": null}""");

        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        assertThat(sent.data().path("content").asText()).isEqualTo("plain");
        Api.Response image = send(tenantId, contactId, "image", """
                {"media": {"link": "https://example.com/a.jpg", "id": null}, "caption": null,
                 "interactive": null, "location": null}""");
        assertThat(image.status()).as(image.raw()).isEqualTo(201);
        Api.Response buttons = send(tenantId, contactId, "interactive", """
                {"interactive": {"body": "b", "header": null, "footer": null, "list": null, "ctaUrl": null,
                                 "buttons": [{"id": "y", "title": "Yes"}]}}""");
        assertThat(buttons.status()).as(buttons.raw()).isEqualTo(201);
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s", "type": "text",
                 "text": {"preview_url": false, "body": "plain"}}""".formatted(phone))));
    }

    @Test
    void a_reply_to_our_message_or_the_customers_carries_its_whatsapp_id_as_context() {
        whatsAppAccepts();
        String tenantId = api.tenant("Replies");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String ours = api.send(tenantId, contactId, "Your order has shipped").data().path("id").asText();

        Api.Response reply = send(tenantId, contactId, "image", """
                {"media": {"link": "https://example.com/parcel.jpg"}, "replyTo": "%s"}""".formatted(ours));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        assertThat(reply.data().path("reply_to").asText()).isEqualTo(ours);
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(payload(phone,
                "image", "{\"link\": \"https://example.com/parcel.jpg\"}", SENT_WAMID))));
        String replyId = reply.data().path("id").asText();
        assertThat(api.get("/messages/" + replyId).data().path("reply_to").asText()).isEqualTo(ours);
        assertThat(jdbc.queryForObject("SELECT context_message_id FROM messages WHERE id = ?::uuid", String.class,
                replyId)).isEqualTo(SENT_WAMID);

        // the customer's message: a text answering it quotes it
        String inboundWamid = "wamid.INBOUND" + UUID.randomUUID().toString().replace("-", "");
        String inbound = customerWrote(tenantId, contactId, inboundWamid);
        Api.Response text = api.post("/messages/send", Api.json(java.util.Map.of("tenantId", tenantId,
                "contactId", contactId, "message", "Yes, 10:00 works", "replyTo", inbound)));
        assertThat(text.status()).as(text.raw()).isEqualTo(201);
        assertThat(text.data().path("reply_to").asText()).isEqualTo(inbound);
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s", "type": "text",
                 "text": {"preview_url": false, "body": "Yes, 10:00 works"}, "context": {"message_id": "%s"}}
                """.formatted(phone, inboundWamid))));
    }

    @Test
    void a_reaction_names_its_targets_whatsapp_id_and_an_empty_emoji_removes_it() throws JsonProcessingException {
        whatsAppAccepts();
        String tenantId = api.tenant("Reactions");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String inboundWamid = "wamid.INBOUND" + UUID.randomUUID().toString().replace("-", "");
        String inbound = customerWrote(tenantId, contactId, inboundWamid);

        Api.Response thumbs = send(tenantId, contactId, "reaction", """
                {"reaction": {"messageId": "%s", "emoji": "\\uD83D\\uDC4D"}}""".formatted(inbound));
        Api.Response removed = send(tenantId, contactId, "reaction", """
                {"reaction": {"messageId": "%s", "emoji": ""}}""".formatted(inbound));

        assertThat(thumbs.status()).as(thumbs.raw()).isEqualTo(201);
        assertThat(removed.status()).as(removed.raw()).isEqualTo(201);
        String thumbsObject = "{\"message_id\": \"" + inboundWamid + "\", \"emoji\": \"\uD83D\uDC4D\"}";
        assertThat(JSON.readTree(thumbs.data().path("content").asText())).isEqualTo(JSON.readTree(thumbsObject));
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(payload(phone,
                "reaction", thumbsObject, null))));
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(payload(phone,
                "reaction", "{\"message_id\": \"" + inboundWamid + "\", \"emoji\": \"\"}", null))));
    }

    @Test
    void a_reply_or_reaction_to_another_tenants_or_another_conversations_message_is_not_found() {
        whatsAppAccepts();
        String otherTenant = api.tenant("Other");
        String othersMessage = api.send(otherTenant, api.contact(otherTenant, uniquePhone()), "theirs").data()
                .path("id").asText();
        String tenantId = api.tenant("Mine");
        String contactId = api.contact(tenantId, uniquePhone());
        String otherContact = api.contact(tenantId, uniquePhone());
        String otherConversations = api.send(tenantId, otherContact, "to someone else").data().path("id").asText();
        GRAPH.resetRequests();

        for (String target : new String[] {othersMessage, otherConversations, UUID.randomUUID().toString()}) {
            Api.Response reply = send(tenantId, contactId, "text", """
                    {"message": "hi", "replyTo": "%s"}""".formatted(target));
            assertThat(reply.status()).as(reply.raw()).isEqualTo(404);
            assertThat(reply.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");
            Api.Response reaction = send(tenantId, contactId, "reaction", """
                    {"reaction": {"messageId": "%s", "emoji": "\\u2764"}}""".formatted(target));
            assertThat(reaction.status()).as(reaction.raw()).isEqualTo(404);
            assertThat(reaction.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE contact_id = ?::uuid", Long.class,
                contactId)).as("nothing stored").isZero();
        assertThat(GRAPH.getAllServeEvents()).as("nothing sent").isEmpty();
    }

    @Test
    void a_target_whatsapp_has_no_id_for_yet_is_a_validation_error() {
        String tenantId = api.tenant("Unsent");
        String contactId = api.contact(tenantId, uniquePhone());
        String later = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String scheduled = api.post("/messages/send", Api.json(java.util.Map.of("tenantId", tenantId,
                "contactId", contactId, "message", "later", "sendAt", later))).data().path("id").asText();

        Api.Response reply = send(tenantId, contactId, "text", """
                {"message": "hi", "replyTo": "%s"}""".formatted(scheduled));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.json().path("error").path("message").asText()).contains("replyTo")
                .contains("no WhatsApp id yet");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE contact_id = ?::uuid", Long.class,
                contactId)).isEqualTo(1);
    }

    @Test
    void an_image_reply_queued_by_an_outage_is_sent_by_redelivery_with_the_same_payload() {
        String tenantId = api.tenant("Redelivery");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String scenario = "image-outage-" + phone;
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phone.substring(1)))
                .inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phone.substring(1)))
                .inScenario(scenario).whenScenarioStateIs("recovered")
                .willReturn(okJson(fixture("send_response_success.json"))));
        String object = "{\"link\": \"https://example.com/orders/4711.jpg\", \"caption\": \"Packed\"}";
        String inboundWamid = "wamid.INBOUND" + UUID.randomUUID().toString().replace("-", "");
        String question = customerWrote(tenantId, contactId, inboundWamid);

        Api.Response sent = send(tenantId, contactId, "image", """
                {"media": {"link": "https://example.com/orders/4711.jpg"}, "caption": "Packed", "replyTo": "%s"}"""
                .formatted(question));

        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        assertThat(sent.data().path("status").asText()).isEqualTo("queued");
        String id = sent.data().path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(jdbc.queryForObject(
                "SELECT status FROM messages WHERE id = ?::uuid", String.class, id)));
        // the immediate attempt and redelivery's (which loads the message): the same body, the reply's context too
        GRAPH.verify(2, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(payload(phone,
                "image", object, inboundWamid))));
    }

    /** A send of {@code type} with the given fields (a JSON object), to the tenant's contact. */
    private Api.Response send(String tenantId, String contactId, String type, String fields) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(fields);
            body.put("tenantId", tenantId).put("contactId", contactId).put("type", type);
            return api.post("/messages/send", body.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(fields, e);
        }
    }

    /** The Cloud API body of docs/message-types.md: the frame, the type's object, and a reply's context. */
    static String payload(String phone, String type, String object, String contextId) {
        return "{\"messaging_product\": \"whatsapp\", \"recipient_type\": \"individual\", \"to\": \"" + phone
                + "\", \"type\": \"" + type + "\", \"" + type + "\": " + object
                + (contextId == null ? "" : ", \"context\": {\"message_id\": \"" + contextId + "\"}") + "}";
    }

    private void whatsAppAccepts() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
    }
}
