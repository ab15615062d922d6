package dev.wagateway.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code POST /messages/send} with an {@code Idempotency-Key}: a retry of a request whose answer the client never read,
 * racing duplicates, the key reused for another body, a request refused, a repeat while the first is still being
 * handled. "Exactly once" is counted at the Graph API stub and in the messages table.
 */
class SendIdempotencyTest extends IntegrationTest {

    static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    static final String KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    @Autowired
    DataSource dataSource;

    private String tenantId;
    private String contactId;

    private void givenAContact() {
        tenantId = api.tenant("Idempotent");
        contactId = api.contact(tenantId, uniquePhone());
    }

    private void graphAccepts(int delayMillis) {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))
                .withFixedDelay(delayMillis)));
    }

    private String body(String text) {
        return Api.json(Map.of("contactId", contactId, "message", text));
    }

    private Api.Response send(String key, String text) {
        return api.post("/messages/send", body(text), Map.of(KEY, key));
    }

    private long messages() {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantId);
    }

    private long keys() {
        return jdbc.queryForObject("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?::uuid", Long.class,
                tenantId);
    }

    private static int whatsAppCalls() {
        return GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).size();
    }

    @Test
    void a_retry_after_the_client_gave_up_gets_the_first_message_and_whatsapp_got_it_once() throws Exception {
        givenAContact();
        graphAccepts(800); // Meta answers slowly: the client stops waiting first
        String key = "order-4711-reminder";
        HttpClient impatient = HttpClient.newHttpClient();
        HttpRequest first = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/messages/send"))
                .timeout(Duration.ofMillis(200)).header("Content-Type", "application/json")
                .header("X-API-Key", api.keyOf(tenantId)).header(KEY, key)
                .POST(HttpRequest.BodyPublishers.ofString(body("Your order has shipped"))).build();
        assertThatThrownBy(() -> impatient.send(first, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        // the service goes on with the request the client left: the message is stored and sent
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND status = 'sent'", Long.class, tenantId)
                == 1);

        Api.Response retry = send(key, "Your order has shipped");

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.headers().firstValue(REPLAYED)).contains("true");
        assertThat(retry.data().path("status").asText()).isEqualTo("sent");
        assertThat(retry.data().path("id").asText()).isEqualTo(jdbc.queryForObject(
                "SELECT id::text FROM messages WHERE tenant_id = ?::uuid", String.class, tenantId));
        assertThat(messages()).isEqualTo(1);
        assertThat(whatsAppCalls()).as("WhatsApp got the message once").isEqualTo(1);
    }

    @Test
    void twenty_racing_requests_with_one_key_make_one_message_and_one_call_to_whatsapp() throws Exception {
        givenAContact();
        graphAccepts(200);
        String key = "race-" + System.nanoTime();
        int clients = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return send(key, "Once only");
                }));
            }
            start.countDown();
            int created = 0;
            int replayed = 0;
            int inUse = 0;
            for (Future<Api.Response> answer : answers) {
                Api.Response r = answer.get();
                if (r.status() == 201 && r.headers().firstValue(REPLAYED).isEmpty()) {
                    created++;
                } else if (r.status() == 201) {
                    assertThat(r.headers().firstValue(REPLAYED)).contains("true");
                    replayed++;
                } else {
                    assertThat(r.status()).as(r.raw()).isEqualTo(409);
                    assertThat(r.errorCode()).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
                    assertThat(r.headers().firstValue("Retry-After")).contains("1");
                    inUse++;
                }
            }
            assertThat(created).as("requests that created the message").isEqualTo(1);
            assertThat(created + replayed + inUse).isEqualTo(clients);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messages()).isEqualTo(1);
        assertThat(keys()).isEqualTo(1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> whatsAppCalls() == 1);
    }

    @Test
    void a_repeat_while_the_first_request_is_still_stored_is_409_in_use_then_answered_from_it() throws Exception {
        givenAContact();
        graphAccepts(0);
        assertThat(api.send(tenantId, contactId, "hello").status()).isEqualTo(201); // the conversation exists
        String key = "slow-first";
        Api.Response first;
        Api.Response meanwhile;
        // the test holds the conversation's row: the first request's store waits on it, holding the key
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "SELECT id FROM conversations WHERE tenant_id = ?::uuid FOR UPDATE")) {
                lock.setString(1, tenantId);
                lock.executeQuery().close();
            }
            CompletableFuture<Api.Response> firstRequest = CompletableFuture.supplyAsync(() -> send(key, "Held"));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?", Long.class,
                    IdempotencyStore.LOCK_SPACE) > 0);
            meanwhile = send(key, "Held");
            blocker.rollback();
            first = firstRequest.get();
        }

        assertThat(meanwhile.status()).isEqualTo(409);
        assertThat(meanwhile.errorCode()).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
        assertThat(meanwhile.headers().firstValue("Retry-After")).contains("1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.headers().firstValue(REPLAYED)).isEmpty();
        Api.Response retried = send(key, "Held");
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.headers().firstValue(REPLAYED)).contains("true");
        assertThat(retried.data().path("id").asText()).isEqualTo(first.data().path("id").asText());
        assertThat(messages()).isEqualTo(2);
    }

    @Test
    void the_key_with_another_body_is_422_and_stores_nothing() {
        givenAContact();
        graphAccepts(0);
        Api.Response first = send("k-1", "Ten o'clock");
        assertThat(first.status()).isEqualTo(201);

        Api.Response other = send("k-1", "Eleven o'clock");
        Api.Response asContact = api.post("/contacts",
                Api.json(Map.of("name", "Someone", "phone", uniquePhone())), Map.of(KEY, "k-1"));

        for (Api.Response refused : List.of(other, asContact)) {
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(refused.headers().firstValue(REPLAYED)).isEmpty();
        }
        assertThat(messages()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isEqualTo(1);
        assertThat(keys()).isEqualTo(1);
        assertThat(whatsAppCalls()).isEqualTo(1);
        // spacing, field order and an explicit null are the same request as parsed
        Api.Response same = api.post("/messages/send", "{ \"message\" : \"Ten o'clock\", \"type\": null,"
                + " \"contactId\": \"" + contactId + "\" }", Map.of(KEY, "k-1"));
        assertThat(same.status()).isEqualTo(201);
        assertThat(same.headers().firstValue(REPLAYED)).contains("true");
        assertThat(same.data().path("id").asText()).isEqualTo(first.data().path("id").asText());
    }

    @Test
    void a_refused_request_stores_no_key_and_the_key_then_serves_a_valid_request() {
        givenAContact();
        graphAccepts(0);
        String unknownContact = "0b5e8f8e-0000-4000-8000-000000000000";
        Api.Response refused = api.post("/messages/send",
                Api.json(Map.of("contactId", unknownContact, "message", "hi")), Map.of(KEY, "k-refused"));
        Api.Response empty = send("k-empty", "   ");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorCode()).isEqualTo("CONTACT_NOT_FOUND");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(keys()).isZero();
        assertThat(messages()).isZero();

        Api.Response valid = send("k-refused", "hi");
        assertThat(valid.status()).isEqualTo(201);
        assertThat(valid.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(messages()).isEqualTo(1);
        assertThat(keys()).isEqualTo(1);
    }

    @Test
    void a_repeat_shows_the_message_as_it_stands_now_and_makes_no_new_attempt() {
        givenAContact();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\",\"code\":1}}")));
        Api.Response first = send("k-status", "Later");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.data().path("status").asText()).isEqualTo("queued");
        String id = first.data().path("id").asText();

        Api.Response whileQueued = send("k-status", "Later");
        assertThat(whileQueued.data().path("status").asText()).isIn("queued", "sending");
        assertThat(whileQueued.data().path("id").asText()).isEqualTo(id);

        // WhatsApp recovers; redelivery sends the message (after its backoff)
        graphAccepts(0);
        await().atMost(Duration.ofSeconds(15)).until(() -> "sent".equals(jdbc.queryForObject(
                "SELECT status FROM messages WHERE id = ?::uuid", String.class, id)));
        int calls = whatsAppCalls();

        Api.Response afterSent = send("k-status", "Later");
        assertThat(afterSent.status()).isEqualTo(201);
        assertThat(afterSent.headers().firstValue(REPLAYED)).contains("true");
        assertThat(afterSent.data().path("id").asText()).isEqualTo(id);
        assertThat(afterSent.data().path("status").asText()).isEqualTo("sent");
        assertThat(afterSent.data().path("attempts").asInt()).isEqualTo(2);
        assertThat(afterSent.data().path("external_message_id").asText()).startsWith("wamid.");
        assertThat(messages()).isEqualTo(1);
        assertThat(whatsAppCalls()).as("no attempt for a repeat").isEqualTo(calls);
    }

    @Test
    void without_a_key_every_request_is_a_new_message() {
        givenAContact();
        graphAccepts(0);
        Api.Response one = api.post("/messages/send", body("twice"));
        Api.Response two = api.post("/messages/send", body("twice"));
        assertThat(one.status()).isEqualTo(201);
        assertThat(two.status()).isEqualTo(201);
        assertThat(two.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(two.data().path("id").asText()).isNotEqualTo(one.data().path("id").asText());
        assertThat(keys()).isZero();
        // a caller's own Idempotent-Replayed header is never echoed
        Api.Response spoofed = api.post("/messages/send", body("thrice"), Map.of(REPLAYED, "true"));
        assertThat(spoofed.headers().firstValue(REPLAYED)).isEmpty();
    }
}
