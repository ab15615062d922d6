package dev.wagateway.message;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** POST /messages/send end to end: PostgreSQL first, then one call to the (stubbed) Graph API, then the answer. */
@ExtendWith(OutputCaptureExtension.class)
class SendFlowTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    private String tenantId;
    private String contactId;
    private String phone;

    private void givenAContact() {
        tenantId = api.tenant("Acme");
        phone = uniquePhone();
        contactId = api.contact(tenantId, phone);
    }

    private void graphAnswers(int status, String body) {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withHeader("x-fb-trace-id", "AbCdEf123").withBody(body)));
    }

    private Map<String, Object> row(String messageId) {
        return jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid", messageId);
    }

    @Test
    void accepted_message_is_sent_with_whatsapps_id_and_the_stub_receives_the_cloud_api_request(CapturedOutput logs) {
        givenAContact();
        graphAnswers(200, fixture("send_response_success.json"));
        NotifyBuilder delivered = new NotifyBuilder(camelContext).fromRoute("rest-api").whenCompleted(1)
                .and().fromRoute("rest-api").whenFailed(0).create();

        Api.Response response = api.post("/messages/send",
                Api.json(Map.of("tenantId", tenantId, "contactId", contactId, "message", "Hello 👋 مرحبا", "type", "text")),
                Map.of("X-Caller-Secret", "do-not-forward", "Authorization", "Bearer caller-token"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("success").asBoolean()).isTrue();
        JsonNode data = response.data();
        assertThat(data.path("status").asText()).isEqualTo("sent");
        assertThat(data.path("external_message_id").asText()).isEqualTo("wamid.TESTGAsxNTU1MDAwMTExMRUCABEYElRFU1RPVVQx");
        assertThat(data.path("attempts").asInt()).isEqualTo(1);
        assertThat(data.path("content").asText()).isEqualTo("Hello 👋 مرحبا");
        assertThat(response.raw()).contains("Hello 👋 مرحبا"); // UTF-8, not \uD83D escapes
        assertThat(data.path("sent_at").isTextual()).isTrue();
        assertThat(data.path("tenant_id").asText()).isEqualTo(tenantId);
        assertThat(data.path("contact_id").asText()).isEqualTo(contactId);
        assertThat(data.path("conversation_id").asText()).isNotBlank();
        assertThat(fieldNames(data)).containsExactlyInAnyOrder("id", "tenant_id", "conversation_id", "contact_id",
                "type", "content", "status", "attempts", "external_message_id", "created_at", "sent_at",
                "client_reference", "scheduled_at", "reply_to");
        assertThat(delivered.matches(5, TimeUnit.SECONDS)).isTrue();

        // What Meta received: path, bearer token, the Cloud API JSON; none of the caller's headers.
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withHeader("Authorization", equalTo("Bearer test-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Caller-Secret", absent())
                .withRequestBody(containing("Hello 👋"))
                .withRequestBody(equalToJson("""
                        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text",
                         "text":{"preview_url":false,"body":"Hello 👋 مرحبا"}}""".formatted(phone))));
        // ...and the caller does not get its own headers, nor WhatsApp's, echoed back.
        assertThat(response.headers().firstValue("X-Caller-Secret")).isEmpty();
        assertThat(response.headers().firstValue("Authorization")).isEmpty();
        assertThat(response.headers().firstValue("x-fb-trace-id")).isEmpty();

        Map<String, Object> row = row(data.path("id").asText());
        assertThat(row.get("status")).isEqualTo("sent");
        assertThat(row.get("metadata").toString()).contains("wamid.TESTGAsxNTU1MDAwMTExMRUCABEYElRFU1RPVVQx");
        Timestamp lastMessageAt = jdbc.queryForObject(
                "SELECT last_message_at FROM conversations WHERE id = ?::uuid", Timestamp.class,
                data.path("conversation_id").asText());
        assertThat(lastMessageAt.toInstant()).isEqualTo(Instant.parse(data.path("created_at").asText()));

        // The seed's log steps, with the phone masked and never the token.
        assertThat(logs.getOut()).contains("created and queued", "Invoking WhatsApp API", "WhatsApp accepted message")
                .contains(phone.substring(0, 3) + "******" + phone.substring(phone.length() - 4))
                .doesNotContain(phone).doesNotContain("test-token");
    }

    @Test
    void second_message_to_the_same_contact_joins_the_same_conversation() {
        givenAContact();
        graphAnswers(200, fixture("send_response_accepted.json"));
        String first = api.send(tenantId, contactId, "one").data().path("conversation_id").asText();
        String second = api.send(tenantId, contactId, "two").data().path("conversation_id").asText();
        assertThat(second).isEqualTo(first);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isEqualTo(1L);
    }

    @Test
    void server_error_leaves_the_message_queued_with_one_counted_attempt_and_a_backoff() {
        givenAContact();
        graphAnswers(500, "{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\",\"code\":1}}");
        Instant before = Instant.now();

        Api.Response response = api.send(tenantId, contactId, "hello");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).isEqualTo("queued");
        assertThat(response.data().path("attempts").asInt()).isEqualTo(1);
        assertThat(response.data().path("external_message_id").isNull()).isTrue();
        Map<String, Object> row = row(response.data().path("id").asText());
        assertThat(row.get("last_error_code")).isEqualTo("1");
        Instant next = ((Timestamp) row.get("next_attempt_at")).toInstant();
        // first backoff: redelivery.backoff-base (1 s in the test profile) ± 15 % jitter
        assertThat(next).isBetween(before.plusMillis(850), Instant.now().plusMillis(1150));

        JsonNode detail = api.get("/messages/" + response.data().path("id").asText()).data();
        assertThat(detail.path("last_error").path("code").asText()).isEqualTo("1");
        assertThat(detail.path("last_error").path("message").asText()).isEqualTo("An unknown error occurred");
    }

    static Stream<Arguments> transientAnswers() {
        return Stream.of(
                Arguments.of("503 from a proxy, not a Graph error", aResponse().withStatus(503).withBody("<html>down</html>"),
                        "HTTP_503"),
                Arguments.of("429 throughput rate limit", aResponse().withStatus(429)
                        .withHeader("Content-Type", "application/json").withBody(fixture("error_130429_rate_limit.json")),
                        "130429"),
                Arguments.of("connection reset, no answer", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                        "CONNECTION_ERROR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientAnswers")
    void transient_failures_leave_the_message_queued_with_one_counted_attempt(String name,
            ResponseDefinitionBuilder answer, String expectedCode) {
        givenAContact();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(answer));

        Api.Response response = api.send(tenantId, contactId, "hello");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).isEqualTo("queued");
        assertThat(response.data().path("attempts").asInt()).isEqualTo(1);
        Map<String, Object> row = row(response.data().path("id").asText());
        assertThat(row.get("last_error_code")).isEqualTo(expectedCode);
        assertThat(row.get("next_attempt_at")).isNotNull();
    }

    @Test
    void stub_that_does_not_answer_in_time_leaves_the_message_queued_and_it_was_stored_before_the_call() {
        givenAContact();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withFixedDelay(6_000).withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        long started = System.nanoTime();

        CompletableFuture<Api.Response> pending = CompletableFuture.supplyAsync(() -> api.send(tenantId, contactId, "hi"));

        // While WhatsApp hangs, the message is already committed as queued.
        // (ours: the shared context's redelivery may post another test's leftover message meanwhile)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(GRAPH.getAllServeEvents())
                .anySatisfy(e -> assertThat(e.getRequest().getBodyAsString()).contains(phone)));
        assertThat(pending).isNotDone();
        assertThat(jdbc.queryForObject("SELECT status FROM messages WHERE tenant_id = ?::uuid", String.class, tenantId))
                .isEqualTo("queued");

        Api.Response response = pending.join();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).isEqualTo("queued");
        assertThat(response.data().path("attempts").asInt()).isEqualTo(1);
        assertThat(row(response.data().path("id").asText()).get("last_error_code")).isEqualTo("TIMEOUT");
        // bounded by the configured 1.5 s timeout, not by the 6 s the stub would take
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void undeliverable_131026_fails_the_message() {
        givenAContact();
        graphAnswers(400, """
                {"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,
                 "error_data":{"messaging_product":"whatsapp","details":"Message Undeliverable."},"fbtrace_id":"Ab1"}}""");

        Api.Response response = api.send(tenantId, contactId, "hello");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).isEqualTo("failed");
        Map<String, Object> row = row(response.data().path("id").asText());
        assertThat(row.get("last_error_code")).isEqualTo("131026");
        assertThat(row.get("last_error_message")).isEqualTo("(#131026) Message undeliverable: Message Undeliverable.");
        assertThat(row.get("failed_at")).isNotNull();
        assertThat(row.get("next_attempt_at")).isNull();

        JsonNode detail = api.get("/messages/" + response.data().path("id").asText()).data();
        assertThat(detail.path("status").asText()).isEqualTo("failed");
        assertThat(detail.path("failed_at").isTextual()).isTrue();
        assertThat(detail.path("last_error").path("code").asText()).isEqualTo("131026");
    }

    @Test
    void template_not_found_132001_fails_the_message() {
        givenAContact();
        graphAnswers(404, fixture("error_132001_template_not_found.json"));

        Api.Response response = api.send(tenantId, contactId, "hello");

        assertThat(response.data().path("status").asText()).isEqualTo("failed");
        assertThat(row(response.data().path("id").asText()).get("last_error_code")).isEqualTo("132001");
    }

    @Test
    void expired_token_190_keeps_the_message_queued_without_counting_the_attempt() {
        givenAContact();
        graphAnswers(401, fixture("error_190_463_token_expired.json"));

        Api.Response response = api.send(tenantId, contactId, "hello");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).isEqualTo("queued");
        assertThat(response.data().path("attempts").asInt()).isZero();
        Map<String, Object> row = row(response.data().path("id").asText());
        assertThat(row.get("last_error_code")).isEqualTo("190");
        assertThat((String) row.get("last_error_message")).startsWith("Error validating access token");
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phone.substring(1))));
    }

    private static Iterable<String> fieldNames(JsonNode node) {
        return node::fieldNames;
    }
}
