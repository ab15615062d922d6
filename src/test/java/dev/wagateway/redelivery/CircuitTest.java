package dev.wagateway.redelivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Configuration failures open the WhatsApp circuit: calls pause for the cool-down (2 s in the test profile). */
@ExtendWith(OutputCaptureExtension.class)
class CircuitTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private static final Duration COOLDOWN = Duration.ofSeconds(2);

    @Test
    void an_expired_token_pauses_calls_for_each_cool_down_without_burning_attempts(CapturedOutput logs)
            throws InterruptedException {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(fixture("error_190_463_token_expired.json"))));
        String tenantId = api.tenant("Circuit");
        String contactId = api.contact(tenantId, uniquePhone());
        Backlog backlog = new Backlog(jdbc, tenantId, contactId);
        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            ids.add(backlog.queued("held back " + i, 0));
        }

        Thread.sleep(5_000);
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        int calls = GRAPH.countRequestsMatching(postRequestedFor(urlEqualTo(MESSAGES_PATH)).build()).getCount();

        // at most one call per cool-down: the one that opened the circuit, then one probe after each cool-down
        assertThat(calls).isBetween(1, (int) (elapsedMs / COOLDOWN.toMillis()) + 1);
        for (String id : ids) {
            assertThat(jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, id))
                    .isEqualTo("queued");
            assertThat(jdbc.queryForObject("SELECT attempts FROM messages WHERE id = ?::uuid", Integer.class, id))
                    .isZero();
        }
        assertThat(logs.getOut()).contains("WhatsApp circuit of the global number OPEN after a configuration failure (190:");
        assertThat(logs.getOut()).doesNotContain("test-token");

        JsonNode health = api.get("/actuator/health").json().path("components").path("whatsAppCircuit");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("circuit").asText()).isIn("OPEN", "HALF_OPEN");
        assertThat(health.path("details").path("lastConfigurationFailure").asText()).startsWith("190:");

        // a send while the circuit is open is stored and answered at once; Meta is not called
        circuit.breaker().transitionToOpenState();
        int before = GRAPH.countRequestsMatching(postRequestedFor(urlEqualTo(MESSAGES_PATH)).build()).getCount();
        Api.Response send = api.send(tenantId, contactId, "while paused");
        assertThat(send.status()).isEqualTo(201);
        assertThat(send.data().path("status").asText()).isEqualTo("queued");
        assertThat(send.data().path("attempts").asInt()).isZero();
        assertThat(GRAPH.countRequestsMatching(postRequestedFor(urlEqualTo(MESSAGES_PATH)).build()).getCount())
                .isEqualTo(before);
        assertThat(api.get("/messages/" + send.data().path("id").asText()).data().path("last_error").path("code")
                .asText()).isEqualTo("CIRCUIT_OPEN");

        // the token is fixed: the next probe succeeds, the circuit closes and the backlog goes out
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> allSent(tenantId));
        assertThat(logs.getOut()).contains("WhatsApp circuit of the global number CLOSED");
        assertThat(api.get("/actuator/health").json().path("components").path("whatsAppCircuit").path("details")
                .path("circuit").asText()).isEqualTo("CLOSED");
    }

    private boolean allSent(String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND status <> 'sent'",
                Long.class, tenantId) == 0;
    }
}
