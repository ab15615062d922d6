package dev.wagateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Everything the service logs during a full scenario — sends accepted and refused by WhatsApp, an inbound message
 * and a status by webhook, a dropped file with a good and a bad row, a bad webhook signature, a tenant with its own
 * number and token, API keys made, rotated, revoked and misused — must not contain a phone number, a message's text,
 * an access token (global or a tenant's), an API key, the operator key, the app secret or the operator's password.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    @Test
    void a_full_scenario_logs_no_phone_number_text_or_secret(CapturedOutput logs) throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String okPhone = uniquePhone();
        String refusedPhone = uniquePhone();
        String inboundPhone = uniquePhone();
        String filePhone = uniquePhone();
        String text = "private text " + marker;
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"1\",\"wa_id\":\"1\"}],"
                                + "\"messages\":[{\"id\":\"wamid.LOG" + marker + "\"}]}")));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(refusedPhone.substring(1)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(fixture("error_131009_parameter_not_valid.json"))));

        String tenantId = api.tenant("Log hygiene");
        String ownNumberTenant = api.tenant("Log hygiene, own number");
        String numberId = "88" + System.nanoTime() % 1_000_000_000L;
        String tenantToken = "tenant-token-" + marker;
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + numberId + "/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"1\",\"wa_id\":\"1\"}],"
                                + "\"messages\":[{\"id\":\"wamid.LOGOWN" + marker + "\"}]}")));
        api.ownNumber(ownNumberTenant, numberId, tenantToken);
        String ownPhone = uniquePhone();
        assertThat(api.send(ownNumberTenant, api.contact(ownNumberTenant, ownPhone), text + " own number").data()
                .path("status").asText()).isEqualTo("sent");
        String rotatedKey = api.as(api.keyOf(tenantId)).post("/tenants/" + tenantId + "/api-keys", "").data()
                .path("api_key").asText();
        String rotatedKeyId = api.as(rotatedKey).get("/tenants/" + tenantId + "/api-keys").data().get(1).path("id")
                .asText();
        api.as(rotatedKey).delete("/tenants/" + tenantId + "/api-keys/" + rotatedKeyId);
        assertThat(api.as(rotatedKey).get("/messages").status()).isEqualTo(401);
        assertThat(api.as("wag_" + "1".repeat(32) + "_" + marker.repeat(6).substring(0, 43)).get("/messages")
                .status()).isEqualTo(401);
        assertThat(api.anonymous().get("/messages?api-key=" + api.keyOf(tenantId)).status()).isEqualTo(401);
        api.send(tenantId, api.contact(tenantId, okPhone), text + " sent");
        api.send(tenantId, api.contact(tenantId, refusedPhone), text + " refused");
        api.contact(tenantId, inboundPhone);
        webhook(tenantId, inboundPhone, "wamid.LOGIN" + marker, text + " inbound", true);
        webhook(tenantId, inboundPhone, "wamid.LOGBAD" + marker, text + " unsigned", false);
        Path inbox = Path.of("target", "inbox");
        String file = "log-hygiene-" + marker + ".csv";
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("." + file), "tenantId,phone,name,message\n" + tenantId + "," + filePhone
                + ",Secret Name " + marker + "," + text + " from file\n" + tenantId + ",+1234" + marker.replaceAll(
                        "\\D", "") + ",x," + text + " bad row\n", StandardCharsets.UTF_8);
        Files.move(inbox.resolve("." + file), inbox.resolve(file));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done").resolve(file
                + ".report.csv")));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class, "wamid.LOGIN" + marker) == 1);
        jdbc.update("UPDATE messages SET status = 'failed' WHERE tenant_id IN (?::uuid, ?::uuid)"
                + " AND status = 'queued'", tenantId, ownNumberTenant);

        String out = logs.getOut() + logs.getErr();
        assertThat(out).as("the scenario ran and logged").contains("created and queued", "Inbound text message");
        for (String phone : List.of(okPhone, refusedPhone, inboundPhone, filePhone, ownPhone)) {
            assertThat(out).doesNotContain(phone).doesNotContain(phone.substring(1));
        }
        assertThat(out).doesNotContain(marker + " sent").doesNotContain("private text")
                .doesNotContain("Secret Name");
        assertThat(out).doesNotContain("test-token").doesNotContain("test-app-secret")
                .doesNotContain("test-operator-password").doesNotContain(tenantToken).doesNotContain(Api.ADMIN_KEY);
        for (String key : List.of(api.keyOf(tenantId), api.keyOf(ownNumberTenant), rotatedKey)) {
            assertThat(out).doesNotContain(key.substring(37)); // the secret part of each API key
        }
    }

    private void webhook(String tenantId, String from, String wamid, String body, boolean signed) throws Exception {
        String payload = """
                {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
                 "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1234567890"},
                  "contacts": [{"profile": {"name": "Customer"}, "wa_id": "%s"}],
                  "messages": [{"from": "%s", "id": "%s", "timestamp": "%d", "type": "text",
                                "text": {"body": "%s"}}]}}]}]}
                """.formatted(from.substring(1), from.substring(1), wamid, Instant.now().getEpochSecond(), body);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-app-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + (signed ? HexFormat.of().formatHex(mac.doFinal(bytes)) : "00");
        assertThat(api.post("/webhooks/whatsapp", bytes, Map.of("X-Hub-Signature-256", signature)).status())
                .isEqualTo(signed ? 200 : 401);
    }
}
