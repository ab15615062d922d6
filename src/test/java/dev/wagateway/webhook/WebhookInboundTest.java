package dev.wagateway.webhook;

import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;

/** What customers write: inbound messages from Meta's webhook, stored in their conversation. */
class WebhookInboundTest extends IntegrationTest {

    @Test
    void an_inbound_text_is_stored_once_in_the_contacts_conversation_and_opens_the_window() {
        String tenantId = api.tenant("Inbound");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String wamid = "wamid.TESTIN" + UUID.randomUUID().toString().replace("-", "");
        long sentAt = Instant.now().getEpochSecond() - 60;
        byte[] body = inbound("webhook_inbound_text_captured.json", phone, wamid, sentAt);

        assertThat(post(body).status()).isEqualTo(200);
        assertThat(post(body).status()).as("Meta delivers it again").isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_events WHERE status = 'received'", Long.class) == 0);
        Map<String, Object> stored = jdbc.queryForMap("SELECT tenant_id::text AS tenant, contact_id::text AS contact,"
                + " direction, status, type, content FROM messages WHERE external_message_id = ?", wamid);
        assertThat(stored).containsEntry("tenant", tenantId).containsEntry("contact", contactId)
                .containsEntry("direction", "inbound").containsEntry("status", "received")
                .containsEntry("type", "text").containsEntry("content", "Hihu");
        assertThat(jdbc.queryForObject("SELECT last_inbound_at FROM conversations WHERE tenant_id = ?::uuid"
                + " AND contact_id = ?::uuid", java.sql.Timestamp.class, tenantId, contactId).toInstant())
                .isEqualTo(Instant.ofEpochSecond(sentAt));
        JsonNode listed = api.get("/messages?tenantId=" + tenantId).data();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("status").asText()).isEqualTo("received");
        // an inbound message is not ours to send or retry
        assertThat(api.post("/messages/" + listed.get(0).path("id").asText() + "/retry", "").errorCode())
                .isEqualTo("INVALID_STATE");
    }

    @Test
    void other_types_keep_their_object_as_content() {
        String tenantId = api.tenant("Inbound media");
        String phone = uniquePhone();
        api.contact(tenantId, phone);
        String wamid = "wamid.TESTIMG" + UUID.randomUUID().toString().replace("-", "");

        post(inbound("webhook_inbound_image.json", phone, wamid, Instant.now().getEpochSecond()));

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class, wamid) == 1);
        assertThat(jdbc.queryForObject("SELECT type FROM messages WHERE external_message_id = ?", String.class, wamid))
                .isEqualTo("image");
        assertThat(jdbc.queryForObject("SELECT content::jsonb->>'mime_type' FROM messages"
                + " WHERE external_message_id = ?", String.class, wamid)).isEqualTo("image/jpeg");
    }

    @Test
    void a_sender_no_single_tenant_knows_is_kept_in_the_event_only() {
        api.tenant("Another tenant, so there are several");
        String wamid = "wamid.TESTUNK" + UUID.randomUUID().toString().replace("-", "");

        long eventId = post(inbound("webhook_inbound_text_captured.json", uniquePhone(), wamid,
                Instant.now().getEpochSecond())).data().path("event_id").asLong();

        await().atMost(Duration.ofSeconds(10)).until(() -> "processed".equals(jdbc.queryForObject(
                "SELECT status FROM webhook_events WHERE id = ?", String.class, eventId)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class,
                wamid)).isZero();
    }

    private static byte[] inbound(String fixture, String phone, String wamid, long epochSeconds) {
        return bytes(MetaPayloads.inbound(fixture, phone, wamid, epochSeconds));
    }

    private Api.Response post(byte[] body) {
        return api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", sign(body)));
    }
}
