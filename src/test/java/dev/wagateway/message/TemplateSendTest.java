package dev.wagateway.message;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Template messages through {@code POST /messages/send}, and the window left to Meta by default. */
class TemplateSendTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    @Test
    void a_template_send_posts_the_cloud_api_template_payload() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_accepted.json"))));
        String tenantId = api.tenant("Templates");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        Map<String, Object> template = Map.of("name", "order_shipped", "language", "en_US", "components", List.of(
                Map.of("type", "body", "parameters", List.of(Map.of("type", "text", "text", "Asha"),
                        Map.of("type", "text", "text", "#1042")))));

        Api.Response sent = api.post("/messages/send", Api.json(Map.of("tenantId", tenantId, "contactId", contactId,
                "type", "template", "template", template)));

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        assertThat(sent.data().path("type").asText()).isEqualTo("template");
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s", "type": "template",
                 "template": {"name": "order_shipped", "language": {"code": "en_US"},
                   "components": [{"type": "body", "parameters": [{"type": "text", "text": "Asha"},
                                                                  {"type": "text", "text": "#1042"}]}]}}
                """.formatted(phone))));
    }

    @Test
    void a_template_without_what_whatsapp_needs_is_a_validation_error_and_stores_nothing() {
        String tenantId = api.tenant("Templates");
        String contactId = api.contact(tenantId, uniquePhone());

        for (Object template : List.of(Map.of(), "order_shipped", Map.of("name", "Order Shipped!", "language", "en"),
                Map.of("name", "order_shipped"), Map.of("name", "order_shipped", "language", "english"),
                Map.of("name", "order_shipped", "language", Map.of("code", "en"), "components", "body"),
                Map.of("name", "order_shipped", "language", "en", "components", List.of("body")))) {
            Api.Response response = api.post("/messages/send", Api.json(Map.of("tenantId", tenantId,
                    "contactId", contactId, "type", "template", "template", template)));
            assertThat(response.status()).as(template.toString()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        }
        Api.Response missing = api.post("/messages/send", Api.json(Map.of("tenantId", tenantId,
                "contactId", contactId, "type", "template")));
        assertThat(missing.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(missing.json().path("error").path("message").asText()).contains("template is required");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isZero();
        assertThat(GRAPH.getAllServeEvents()).isEmpty();
    }

    @Test
    void with_the_window_not_enforced_a_text_to_a_contact_who_never_wrote_is_sent() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        String tenantId = api.tenant("No window");

        Api.Response sent = api.send(tenantId, api.contact(tenantId, uniquePhone()), "hello out of the blue");

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
    }
}
