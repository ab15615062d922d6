package dev.wagateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.Api;
import dev.wagateway.StrictPoliciesTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code WHATSAPP_ENFORCE_WINDOW=true}: a text only within 24 hours of the contact's last inbound message, a
 * template at any time. (In the strict-policies context, see {@link StrictPoliciesTest}.)
 */
class CustomerServiceWindowTest extends StrictPoliciesTest {

    private static final Path INBOX = Path.of("target", "inbox-window");

    @BeforeEach
    void whatsAppAccepts() {
        GRAPH.stubFor(post(urlEqualTo("/v25.0/1234567890/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
    }

    @Test
    void a_text_to_a_contact_who_never_wrote_is_refused_up_front_a_template_is_sent() {
        String tenantId = api.tenant("Window");
        String contactId = api.contact(tenantId, uniquePhone());

        Api.Response text = api.send(tenantId, contactId, "hello out of the blue");
        assertThat(text.status()).isEqualTo(422);
        assertThat(text.errorCode()).isEqualTo("OUTSIDE_CUSTOMER_SERVICE_WINDOW");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isZero();

        Api.Response template = api.post("/messages/send", Api.json(Map.of("tenantId", tenantId,
                "contactId", contactId, "type", "template",
                "template", Map.of("name", "hello_world", "language", "en_US"))));
        assertThat(template.status()).isEqualTo(201);
        assertThat(template.data().path("status").asText()).isEqualTo("sent");
    }

    @Test
    void the_window_is_24_hours_from_the_contacts_last_inbound_message() {
        String tenantId = api.tenant("Window");
        String recentPhone = uniquePhone();
        String recent = api.contact(tenantId, recentPhone);
        String stalePhone = uniquePhone();
        String stale = api.contact(tenantId, stalePhone);
        wrote(recentPhone, Instant.now().minus(Duration.ofHours(23)));
        wrote(stalePhone, Instant.now().minus(Duration.ofHours(25)));

        assertThat(api.send(tenantId, recent, "thanks for your message").status()).isEqualTo(201);
        assertThat(api.send(tenantId, stale, "thanks for your message").errorCode())
                .isEqualTo("OUTSIDE_CUSTOMER_SERVICE_WINDOW");

        // a dropped file follows the same rule, row by row
        String name = "window-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        String csv = "tenantId,contactId,message\n" + tenantId + "," + recent + ",in\n" + tenantId + "," + stale
                + ",out\n";
        Path report = INBOX.resolve(".done").resolve(name + ".report.csv");
        try {
            Files.createDirectories(INBOX);
            Files.writeString(INBOX.resolve("." + name), csv, StandardCharsets.UTF_8);
            Files.move(INBOX.resolve("." + name), INBOX.resolve(name));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
            List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
            assertThat(lines.get(1)).startsWith("1,accepted,");
            assertThat(lines.get(2)).startsWith("2,rejected,,OUTSIDE_CUSTOMER_SERVICE_WINDOW,");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.update("UPDATE messages SET status = 'failed' WHERE tenant_id = ?::uuid AND status = 'queued'", tenantId);
    }

    /** The contact wrote at this time: an inbound text through the signed webhook, applied. */
    private void wrote(String phone, Instant at) {
        String wamid = "wamid.TESTWIN" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = bytes(MetaPayloads.inbound("webhook_inbound_text_captured.json", phone, wamid,
                at.getEpochSecond()));
        assertThat(api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", sign(body))).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class, wamid) == 1);
    }
}
