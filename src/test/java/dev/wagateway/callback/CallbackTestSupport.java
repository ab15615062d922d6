package dev.wagateway.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A tenant with its endpoint (a real {@link Receiver}), and ways to make things happen that it is told of. */
abstract class CallbackTestSupport extends IntegrationTest {

    static final String MESSAGES_PATH = "/v25.0/" + MetaPayloads.PHONE_NUMBER_ID + "/messages";

    protected Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new Receiver();
    }

    /** The tenants this test gave an endpoint: theirs are removed after it, so nothing of it is retried later. */
    private final List<String> subscribed = new java.util.ArrayList<>();

    @AfterEach
    void stopReceiverAndRemoveEndpoints() {
        receiver.close();
        for (String tenantId : subscribed) {
            jdbc.update("UPDATE callback_deliveries SET status = 'cancelled' WHERE tenant_id = ?::uuid"
                    + " AND status = 'pending'", tenantId);
            jdbc.update("DELETE FROM tenant_callbacks WHERE tenant_id = ?::uuid", tenantId);
        }
    }

    /** Sets the tenant's endpoint to {@code url} (all events, or these) and returns the signing secret. */
    protected String subscribe(String tenantId, String url, String... events) {
        Map<String, Object> body = events.length == 0 ? Map.of("url", url)
                : Map.of("url", url, "events", List.of(events));
        Api.Response set = api.put("/tenants/" + tenantId + "/callback", Api.json(body));
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        subscribed.add(tenantId);
        return set.data().path("signing_secret").asText();
    }

    /** A sent message of the tenant, WhatsApp's id {@code wamid}; returns its id. */
    protected String sentMessage(String tenantId, String wamid) {
        graphAccepts(wamid);
        Api.Response sent = api.as(api.keyOf(tenantId)).send(tenantId, api.contact(tenantId, uniquePhone()), "hi");
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        return sent.data().path("id").asText();
    }

    protected static void graphAccepts(String wamid) {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messaging_product\":\"whatsapp\","
                        + "\"contacts\":[{\"input\":\"1\",\"wa_id\":\"1\"}],"
                        + "\"messages\":[{\"id\":\"" + wamid + "\"}]}")));
    }

    /** WhatsApp reports {@code fixture}'s status for {@code wamid}, signed as Meta does. */
    protected void webhookStatus(String fixture, String wamid, long epochSeconds) {
        webhook(MetaPayloads.bytes(MetaPayloads.status(fixture, wamid, epochSeconds)));
    }

    protected void webhook(byte[] body) {
        assertThat(api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", MetaPayloads.sign(body)))
                .status()).isEqualTo(200);
    }

    protected static String uniqueWamid() {
        return "wamid.CB" + UUID.randomUUID().toString().replace("-", "");
    }

    protected long deliveries(String tenantId, String status) {
        return jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid AND status = ?",
                Long.class, tenantId, status);
    }
}
