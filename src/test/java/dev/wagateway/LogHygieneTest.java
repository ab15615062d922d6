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
 * and a status by webhook, a dropped file with a good and a bad row, a bad webhook signature — must not contain a
 * phone number, a message's text, the access token, the app secret or the operator's password.
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
        jdbc.update("UPDATE messages SET status = 'failed' WHERE tenant_id = ?::uuid AND status = 'queued'", tenantId);

        String out = logs.getOut() + logs.getErr();
        assertThat(out).as("the scenario ran and logged").contains("created and queued", "Inbound text message");
        for (String phone : List.of(okPhone, refusedPhone, inboundPhone, filePhone)) {
            assertThat(out).doesNotContain(phone).doesNotContain(phone.substring(1));
        }
        assertThat(out).doesNotContain(marker + " sent").doesNotContain("private text")
                .doesNotContain("Secret Name");
        assertThat(out).doesNotContain("test-token").doesNotContain("test-app-secret")
                .doesNotContain("test-operator-password");
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
