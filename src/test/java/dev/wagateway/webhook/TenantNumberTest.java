package dev.wagateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.forNumber;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static dev.wagateway.webhook.MetaPayloads.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant WhatsApp numbers: a tenant's messages leave from its own phone number id with its own token (stored
 * AES-GCM encrypted, never shown), other tenants keep the global ones; Meta's webhooks for that number reach that
 * tenant only; and a revoked tenant token pauses that tenant's sends only.
 */
class TenantNumberTest extends IntegrationTest {

    private static final AtomicLong NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final String GLOBAL_PATH = "/v25.0/1234567890/messages";

    private static String uniqueNumberId() {
        return "77" + NUMBERS.incrementAndGet();
    }

    private static String accepted(String wamid) {
        return "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"1\",\"wa_id\":\"1\"}],"
                + "\"messages\":[{\"id\":\"" + wamid + "\"}]}";
    }

    private void graphAccepts(String path, String token, String wamid) {
        GRAPH.stubFor(post(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(accepted(wamid))));
    }

    private Api.Response setNumber(String tenantId, String numberId, String token) {
        return api.as(api.keyOf(tenantId)).put("/tenants/" + tenantId + "/whatsapp",
                Api.json(Map.of("phoneNumberId", numberId, "accessToken", token)));
    }

    @Test
    void a_tenants_own_number_sends_with_its_token_and_the_others_keep_the_global_one() {
        String numberId = uniqueNumberId();
        String token = "EAAG-tenant-token-" + numberId;
        String own = api.tenant("Own number");
        String global = api.tenant("Global number");

        Api.Response set = setNumber(own, numberId, token);
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.data().path("whatsapp").path("phone_number_id").asText()).isEqualTo(numberId);
        assertThat(set.data().path("whatsapp").path("access_token_set").asBoolean()).isTrue();
        assertThat(set.raw()).doesNotContain(token);
        assertThat(api.as(Api.ADMIN_KEY).get("/tenants/" + own).raw()).contains(numberId).doesNotContain(token);
        // at rest: the key's header (format byte, key id) + nonce + ciphertext + tag, not the token
        byte[] stored = jdbc.queryForObject("SELECT whatsapp_token_encrypted FROM tenants WHERE id = ?::uuid",
                byte[].class, own);
        assertThat(stored).hasSize(5 + 12 + token.length() + 16);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(token.substring(5));

        graphAccepts("/v25.0/" + numberId + "/messages", token, "wamid.OWN" + numberId);
        graphAccepts(GLOBAL_PATH, "test-token", "wamid.GLOBAL" + numberId);
        String ownPhone = uniquePhone();
        String globalPhone = uniquePhone();
        Api.Response fromOwn = api.send(own, api.contact(own, ownPhone), "from my number");
        Api.Response fromGlobal = api.send(global, api.contact(global, globalPhone), "from the shared number");

        assertThat(fromOwn.data().path("status").asText()).isEqualTo("sent");
        assertThat(fromOwn.data().path("external_message_id").asText()).isEqualTo("wamid.OWN" + numberId);
        assertThat(fromGlobal.data().path("external_message_id").asText()).isEqualTo("wamid.GLOBAL" + numberId);
        GRAPH.verify(1, postRequestedFor(urlEqualTo("/v25.0/" + numberId + "/messages"))
                .withHeader("Authorization", equalTo("Bearer " + token)).withRequestBody(containing(ownPhone)));
        GRAPH.verify(1, postRequestedFor(urlEqualTo(GLOBAL_PATH))
                .withHeader("Authorization", equalTo("Bearer test-token")).withRequestBody(containing(globalPhone)));

        // back to the global number
        Api.Response cleared = api.as(api.keyOf(own)).delete("/tenants/" + own + "/whatsapp");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.data().has("whatsapp")).isFalse();
        assertThat(api.send(own, api.contact(own, uniquePhone()), "shared again").data()
                .path("external_message_id").asText()).isEqualTo("wamid.GLOBAL" + numberId);
    }

    @Test
    void a_number_belongs_to_one_tenant_and_bad_credentials_are_refused() {
        String numberId = uniqueNumberId();
        String first = api.tenant("First");
        String second = api.tenant("Second");
        assertThat(setNumber(first, numberId, "token-one").status()).isEqualTo(200);

        assertThat(setNumber(second, numberId, "token-two").errorCode()).isEqualTo("PHONE_NUMBER_ID_IN_USE");
        assertThat(setNumber(second, "1234567890", "token-two").errorCode()).isEqualTo("PHONE_NUMBER_ID_IN_USE");
        assertThat(setNumber(second, "12ab", "token-two").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(setNumber(second, "../../me", "token-two").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(setNumber(second, uniqueNumberId(), "two words").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(setNumber(second, uniqueNumberId(), "x".repeat(2049)).errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(api.as(api.keyOf(second)).put("/tenants/" + second + "/whatsapp", "{\"phoneNumberId\": 1")
                .errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(jdbc.queryForObject("SELECT whatsapp_phone_number_id FROM tenants WHERE id = ?::uuid",
                String.class, second)).isNull();
    }

    @Test
    void webhooks_for_a_tenants_number_reach_that_tenant_only() {
        String numberId = uniqueNumberId();
        String own = api.tenant("Own number, webhooks");
        String global = api.tenant("Global number, webhooks");
        setNumber(own, numberId, "token-" + numberId);
        String phone = uniquePhone();
        String ownContact = api.contact(own, phone);
        String globalContact = api.contact(global, phone);
        graphAccepts("/v25.0/" + numberId + "/messages", "token-" + numberId, "wamid.OWNW" + numberId);
        graphAccepts(GLOBAL_PATH, "test-token", "wamid.GLOBALW" + numberId);
        String ownMessage = api.send(own, ownContact, "own").data().path("id").asText();
        String globalMessage = api.send(global, globalContact, "global").data().path("id").asText();

        // the customer writes to the tenant's number: the message is the tenant's, though both know the phone
        webhook(inbound(numberId, phone, "wamid.IN" + numberId));
        // statuses: one for the tenant's message, one naming the global message but reported on the tenant's number
        webhook(status(numberId, "wamid.OWNW" + numberId, "delivered"));
        webhook(status(numberId, "wamid.GLOBALW" + numberId, "delivered"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(statusOf(ownMessage)));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_events WHERE status = 'received'", Long.class) == 0);
        assertThat(statusOf(globalMessage)).isEqualTo("sent");
        assertThat(jdbc.queryForList("SELECT tenant_id::text FROM messages WHERE external_message_id = ?",
                String.class, "wamid.IN" + numberId)).containsExactly(own);
    }

    @Test
    void a_revoked_tenant_token_pauses_that_tenant_only() {
        String numberId = uniqueNumberId();
        String revoked = api.tenant("Revoked token");
        String healthy = api.tenant("Healthy");
        setNumber(revoked, numberId, "revoked-" + numberId);
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + numberId + "/messages")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(fixture("error_190_463_token_expired.json"))));
        graphAccepts(GLOBAL_PATH, "test-token", "wamid.HEALTHY" + numberId);

        Api.Response paused = api.send(revoked, api.contact(revoked, uniquePhone()), "paused");
        Api.Response meanwhile = api.send(revoked, api.contact(revoked, uniquePhone()), "not even tried");
        Api.Response unaffected = api.send(healthy, api.contact(healthy, uniquePhone()), "goes out");

        assertThat(paused.data().path("status").asText()).isEqualTo("queued");
        assertThat(paused.data().path("attempts").asInt()).isZero();
        assertThat(meanwhile.data().path("status").asText()).isEqualTo("queued");
        assertThat(unaffected.data().path("status").asText()).isEqualTo("sent");
        // the tenant's circuit opened after the first call: the second made none
        GRAPH.verify(1, postRequestedFor(urlEqualTo("/v25.0/" + numberId + "/messages")));
        assertThat(jdbc.queryForObject("SELECT last_error_code FROM messages WHERE id = ?::uuid", String.class,
                meanwhile.data().path("id").asText())).isEqualTo("CIRCUIT_OPEN");
        assertThat(circuit.state().name()).isEqualTo("CLOSED");
        jdbc.update("UPDATE messages SET status = 'failed' WHERE tenant_id = ?::uuid AND status = 'queued'", revoked);
    }

    private String statusOf(String messageId) {
        return jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, messageId);
    }

    private void webhook(byte[] body) {
        assertThat(api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", sign(body))).status())
                .isEqualTo(200);
    }

    private static byte[] inbound(String numberId, String phone, String wamid) {
        return bytes(forNumber(MetaPayloads.inbound("webhook_inbound_text_captured.json", phone, wamid,
                Instant.now().getEpochSecond()), numberId));
    }

    private static byte[] status(String numberId, String wamid, String status) {
        ObjectNode tree = MetaPayloads.status("webhook_status_read_minimal.json", wamid, Instant.now().getEpochSecond());
        ((ObjectNode) value(tree).path("statuses").path(0)).put("status", status);
        return bytes(forNumber(tree, numberId));
    }
}
