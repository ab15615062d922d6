package dev.wagateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.wagateway.webhook.MetaPayloads.PHONE_NUMBER_ID;
import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static dev.wagateway.webhook.MetaPayloads.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The webhook end to end: Meta's payloads (src/test/resources/webhooks, copies of real ones) with the test's own
 * WhatsApp ids, signed here with the test profile's app secret, posted to the running service.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookTest extends IntegrationTest {

    @Test
    void the_subscription_handshake_echoes_the_challenge_only_for_our_token() {
        Api.Response ok = api.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444"
                + "&hub.verify_token=test-verify-token");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        assertThat(api.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong").status())
                .isEqualTo(403);
        assertThat(api.get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.challenge=1"
                + "&hub.verify_token=test-verify-token").status()).isEqualTo(403);
        assertThat(api.get("/webhooks/whatsapp").status()).isEqualTo(403);
    }

    @Test
    void a_post_without_a_valid_signature_is_401_and_stores_nothing() {
        byte[] body = status("webhook_status_read_minimal.json", "wamid.UNSIGNED", 1_700_000_000L);
        long before = events();

        assertThat(postWebhook(body, Map.of()).status()).isEqualTo(401);
        assertThat(postWebhook(body, Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64))).status()).isEqualTo(401);
        assertThat(postWebhook(body, Map.of("X-Hub-Signature-256", "sha256=not-hex")).status()).isEqualTo(401);
        assertThat(postWebhook(body, Map.of("X-Hub-Signature-256", sign("{}".getBytes(StandardCharsets.UTF_8))))
                .status()).isEqualTo(401);
        Api.Response huge = postWebhook(new byte[1_048_577], Map.of("X-Hub-Signature-256", "sha256=00"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");

        assertThat(events()).isEqualTo(before);
    }

    @Test
    void delivered_then_read_move_the_message_forward_with_whatsapps_timestamps() {
        String wamid = uniqueWamid();
        String messageId = sentMessage(wamid);

        assertThat(signedPost(status("webhook_status_delivered_biz_opaque_callback_data.json", wamid, 1_778_239_358L))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(messageId).equals("delivered"));
        signedPost(status("webhook_status_read_minimal.json", wamid, 1_778_239_400L));
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(messageId).equals("read"));

        JsonNode message = api.get("/messages/" + messageId).data();
        assertThat(Instant.parse(message.path("delivered_at").asText())).isEqualTo(Instant.ofEpochSecond(1_778_239_358L));
        assertThat(Instant.parse(message.path("read_at").asText())).isEqualTo(Instant.ofEpochSecond(1_778_239_400L));
        JsonNode events = api.get("/messages/" + messageId + "/events").data();
        assertThat(events).extracting(e -> e.path("status").asText()).containsExactly("delivered", "read");
    }

    @Test
    void out_of_order_and_repeated_statuses_never_move_a_message_back() {
        String wamid = uniqueWamid();
        String messageId = sentMessage(wamid);

        byte[] read = status("webhook_status_read_minimal.json", wamid, 1_778_239_400L);
        signedPost(read);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(messageId).equals("read"));
        // a late delivered, the same read again, and a failed after read: recorded at most once, status stays read
        signedPost(status("webhook_status_delivered_biz_opaque_callback_data.json", wamid, 1_778_239_358L));
        signedPost(read);
        signedPost(status("webhook_status_failed_131026_contacts_no_href.json", wamid, 1_778_239_500L));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_events WHERE status = 'received'", Long.class) == 0);

        JsonNode message = api.get("/messages/" + messageId).data();
        assertThat(message.path("status").asText()).isEqualTo("read");
        assertThat(message.path("delivered_at").isNull()).as("read arrived with no delivered before it").isTrue();
        assertThat(api.get("/messages/" + messageId + "/events").data()).extracting(e -> e.path("status").asText())
                .containsExactly("delivered", "read", "failed");
    }

    @Test
    void failed_ends_a_sent_message_with_whatsapps_error() {
        String wamid = uniqueWamid();
        String messageId = sentMessage(wamid);

        signedPost(status("webhook_status_failed_131026_contacts_no_href.json", wamid, 1_778_251_283L));
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(messageId).equals("failed"));

        JsonNode message = api.get("/messages/" + messageId).data();
        assertThat(message.path("last_error").path("code").asText()).isEqualTo("131026");
        assertThat(message.path("last_error").path("message").asText())
                .isEqualTo("Message undeliverable: Message Undeliverable.");
        assertThat(Instant.parse(message.path("failed_at").asText())).isEqualTo(Instant.ofEpochSecond(1_778_251_283L));
        JsonNode event = api.get("/messages/" + messageId + "/events").data().get(0);
        assertThat(event.path("error").path("code").asText()).isEqualTo("131026");
    }

    @Test
    void a_status_that_arrives_before_its_message_is_applied_once_the_message_has_that_id() {
        String wamid = uniqueWamid();
        signedPost(status("webhook_status_delivered_biz_opaque_callback_data.json", wamid, 1_778_239_358L));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pending_statuses WHERE external_message_id = ?", Long.class, wamid) == 1);

        String messageId = sentMessage(wamid);

        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(messageId).equals("delivered"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pending_statuses WHERE external_message_id = ?",
                Long.class, wamid)).isZero();
    }

    @Test
    void statuses_for_another_number_bad_json_and_empty_payloads_are_answered_200_and_change_nothing() {
        String wamid = uniqueWamid();
        String messageId = sentMessage(wamid);
        ObjectNode other = MetaPayloads.forNumber(tree(status("webhook_status_read_minimal.json", wamid,
                1_778_239_400L)), "999999999");
        byte[] malformed = "{\"object\": \"whatsapp_business_account\", \"entry\": [".getBytes(StandardCharsets.UTF_8);

        assertThat(signedPost(bytes(other)).status()).isEqualTo(200);
        Api.Response bad = signedPost(malformed);
        assertThat(bad.status()).isEqualTo(200);
        assertThat(signedPost("{\"object\": \"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);

        long badId = bad.data().path("event_id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(jdbc.queryForObject(
                "SELECT status FROM webhook_events WHERE id = ?", String.class, badId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_events WHERE status = 'received'", Long.class) == 0);
        assertThat(statusOf(messageId)).isEqualTo("sent");
        assertThat(jdbc.queryForObject("SELECT body FROM webhook_events WHERE id = ?", byte[].class, badId))
                .as("kept raw").isEqualTo(malformed);
    }

    @Test
    void a_status_whose_message_never_appears_is_given_up_after_the_retention(CapturedOutput logs) {
        String wamid = uniqueWamid();
        jdbc.update("INSERT INTO pending_statuses (external_message_id, status, occurred_at, received_at)"
                + " VALUES (?, 'delivered', now() - interval '2 hours', now() - interval '2 hours')", wamid);

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pending_statuses WHERE external_message_id = ?", Long.class, wamid) == 0);
        assertThat(logs.getOut()).contains("WhatsApp reported delivered for " + wamid
                + ", which matches no message after PT1H: given up");
    }

    // --- helpers

    /** A message the stub accepted with this WhatsApp id: {@code sent}. */
    private String sentMessage(String wamid) {
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + PHONE_NUMBER_ID + "/messages")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"1\",\"wa_id\":\"1\"}],"
                                + "\"messages\":[{\"id\":\"" + wamid + "\"}]}")));
        String tenantId = api.tenant("Webhooks");
        Api.Response sent = api.send(tenantId, api.contact(tenantId, uniquePhone()), "status me");
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        assertThat(sent.data().path("external_message_id").asText()).isEqualTo(wamid);
        return sent.data().path("id").asText();
    }

    private String statusOf(String messageId) {
        return jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, messageId);
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_events", Long.class);
    }

    private static String uniqueWamid() {
        return "wamid.TEST" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A fixture with our phone number id, this WhatsApp id and this time in its first status. */
    private static byte[] status(String fixture, String wamid, long epochSeconds) {
        return bytes(MetaPayloads.status(fixture, wamid, epochSeconds));
    }

    private Api.Response signedPost(byte[] body) {
        return postWebhook(body, Map.of("X-Hub-Signature-256", sign(body)));
    }

    private Api.Response postWebhook(byte[] body, Map<String, String> headers) {
        return api.post("/webhooks/whatsapp", body, headers);
    }
}
