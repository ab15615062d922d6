package dev.wagateway.message;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.StrictPoliciesTest;
import org.junit.jupiter.api.Test;

/**
 * {@code WHATSAPP_ENFORCE_WINDOW=true} holds for every type but template: an image to a contact who never wrote is
 * refused up front (422, nothing stored, nothing sent), and sent once the contact has written within 24 hours.
 */
class MessageTypesWindowTest extends StrictPoliciesTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    @Test
    void an_image_outside_the_window_is_refused_inside_it_is_sent() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(okJson(fixture("send_response_success.json"))));
        String tenantId = api.tenant("Window types");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String image = Api.json(Map.of("tenantId", tenantId, "contactId", contactId, "type", "image",
                "media", Map.of("link", "https://example.com/x.jpg")));

        Api.Response outside = api.post("/messages/send", image);

        assertThat(outside.status()).as(outside.raw()).isEqualTo(422);
        assertThat(outside.errorCode()).isEqualTo("OUTSIDE_CUSTOMER_SERVICE_WINDOW");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isZero();
        assertThat(GRAPH.getAllServeEvents()).isEmpty();

        // the contact wrote an hour ago (as an inbound webhook stamps it)
        jdbc.update("""
                INSERT INTO conversations (id, tenant_id, contact_id, created_at, last_message_at, last_inbound_at)
                VALUES (gen_random_uuid(), ?::uuid, ?::uuid, now(), now(), now() - interval '1 hour')
                ON CONFLICT (tenant_id, contact_id) DO UPDATE SET last_inbound_at = now() - interval '1 hour'""",
                tenantId, contactId);
        Api.Response inside = api.post("/messages/send", image);

        assertThat(inside.status()).as(inside.raw()).isEqualTo(201);
        assertThat(inside.data().path("status").asText()).isEqualTo("sent");
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(
                MessageTypesSendTest.payload(phone, "image", "{\"link\": \"https://example.com/x.jpg\"}", null))));
    }
}
