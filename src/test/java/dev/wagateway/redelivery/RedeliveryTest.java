package dev.wagateway.redelivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The redelivery route against the real database and routes, with WireMock as Meta. The test profile polls every
 * 250 ms with a 1 s backoff base, so redelivery happens within a test's time.
 */
class RedeliveryTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private String tenantId;
    private String contactId;
    private String phoneDigits;
    private Backlog backlog;

    @BeforeEach
    void aContact() {
        tenantId = api.tenant("Redelivery");
        String phone = uniquePhone();
        phoneDigits = phone.substring(1);
        contactId = api.contact(tenantId, phone);
        backlog = new Backlog(jdbc, tenantId, contactId);
    }

    @Test
    void an_outage_of_three_503s_ends_sent_on_the_fourth_attempt() {
        // this recipient's calls: 503, 503, 503, then 200 (a scenario, so other tests' messages cannot use it up)
        String scenario = "outage-" + phoneDigits;
        String[] states = {STARTED, "failed-1", "failed-2", "recovered"};
        for (int i = 0; i < 3; i++) {
            GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phoneDigits))
                    .inScenario(scenario).whenScenarioStateIs(states[i]).willSetStateTo(states[i + 1])
                    .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")));
        }
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phoneDigits))
                .inScenario(scenario).whenScenarioStateIs("recovered")
                .willReturn(okJson(fixture("send_response_success.json"))));

        Api.Response sent = api.send(tenantId, contactId, "outage");
        assertThat(sent.data().path("status").asText()).isEqualTo("queued");
        assertThat(sent.data().path("attempts").asInt()).isEqualTo(1);
        String id = sent.data().path("id").asText();

        // backoff 1 s, 2 s, 4 s (± 15 %) between the attempts, each made by a poll
        await().atMost(PATIENCE).until(() -> status(id).equals("sent"));
        Map<String, Object> row = row(id);
        assertThat(row.get("attempts")).isEqualTo(4);
        assertThat(row.get("external_message_id")).isEqualTo("wamid.TESTGAsxNTU1MDAwMTExMRUCABEYElRFU1RPVVQx");
        assertThat(row.get("lease_owner")).isNull();
        GRAPH.verify(4, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phoneDigits)));
    }

    @Test
    void a_message_left_sending_with_a_lease_that_ran_out_is_delivered_once() {
        graphAccepts();
        String id = backlog.leftSending("orphan", "an-instance-that-died", "now() - interval '1 second'");

        await().atMost(PATIENCE).until(() -> status(id).equals("sent"));
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing("orphan")));
    }

    @Test
    void a_message_whose_lease_still_runs_is_left_to_its_owner() throws InterruptedException {
        graphAccepts();
        String id = backlog.leftSending("still-leased", "another-live-instance", "now() + interval '1 hour'");

        Thread.sleep(1_500); // six polls
        assertThat(status(id)).isEqualTo("sending");
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing("still-leased")));
    }

    @Test
    void the_last_allowed_attempt_failing_fails_the_message_with_max_attempts_exceeded() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phoneDigits))
                .willReturn(aResponse().withStatus(503)));
        String id = backlog.queued("ninth-time-lucky", 9);

        await().atMost(PATIENCE).until(() -> status(id).equals("failed"));
        Map<String, Object> row = row(id);
        assertThat(row.get("attempts")).isEqualTo(10);
        assertThat(row.get("last_error_code")).isEqualTo("MAX_ATTEMPTS_EXCEEDED");
        assertThat((String) row.get("last_error_message")).contains("10 attempts", "HTTP_503");
        assertThat(row.get("failed_at")).isNotNull();
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phoneDigits)));
    }

    @Test
    void a_message_past_its_ttl_fails_as_expired_without_calling_whatsapp() {
        graphAccepts();
        String id = backlog.expired("your code is 123456");

        await().atMost(PATIENCE).until(() -> status(id).equals("failed"));
        Map<String, Object> row = row(id);
        assertThat(row.get("last_error_code")).isEqualTo("EXPIRED");
        assertThat(row.get("attempts")).isEqualTo(0);
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phoneDigits)));
        JsonNode detail = api.get("/messages/" + id).data();
        assertThat(detail.path("last_error").path("code").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void retry_requeues_a_failed_message_and_the_next_poll_sends_it() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phoneDigits))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(fixture("error_131009_parameter_not_valid.json"))));
        String id = api.send(tenantId, contactId, "try me again").data().path("id").asText();
        assertThat(status(id)).isEqualTo("failed");
        GRAPH.resetAll();
        graphAccepts();

        Api.Response retried = api.post("/messages/" + id + "/retry", "");

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.data().path("id").asText()).isEqualTo(id);
        assertThat(retried.data().path("status").asText()).isEqualTo("queued");
        assertThat(retried.data().path("attempts").asInt()).isZero();
        assertThat(retried.data().path("next_attempt_at").isNull()).isTrue();
        assertThat(retried.data().path("failed_at").isNull()).isTrue();
        await().atMost(PATIENCE).until(() -> status(id).equals("sent"));
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing("try me again")));
    }

    @Test
    void retry_makes_a_queued_message_due_at_once() {
        graphAccepts();
        String id = backlog.parked("waiting", "queued", 3);

        assertThat(api.post("/messages/" + id + "/retry", "").status()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> status(id).equals("sent"));
        assertThat(row(id).get("attempts")).isEqualTo(1);
    }

    @Test
    void retry_refuses_messages_whatsapp_already_has_or_that_are_being_sent() {
        for (String status : new String[] {"sent", "delivered", "read", "sending"}) {
            String id = backlog.parked("done-" + status, status, 1);

            Api.Response response = api.post("/messages/" + id + "/retry", "");

            assertThat(response.status()).as(status).isEqualTo(409);
            assertThat(response.errorCode()).as(status).isEqualTo("INVALID_STATE");
            assertThat(response.json().path("error").path("message").asText()).contains(status);
            assertThat(status(id)).isEqualTo(status);
        }
    }

    @Test
    void retry_of_an_unknown_or_malformed_id() {
        Api.Response unknown = api.post("/messages/00000000-0000-0000-0000-000000000000/retry", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");

        Api.Response malformed = api.post("/messages/not-a-uuid/retry", "");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    private void graphAccepts() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(okJson(fixture("send_response_success.json"))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, id);
    }

    private Map<String, Object> row(String id) {
        return jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid", id);
    }
}
