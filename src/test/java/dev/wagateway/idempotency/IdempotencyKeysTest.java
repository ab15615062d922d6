package dev.wagateway.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Idempotency-Key header's rules besides the send's races: what a key may be, whose it is (the tenant's), the
 * contacts call, and the keys' expiry (the idempotency-purge route).
 */
class IdempotencyKeysTest extends IntegrationTest {

    private static final String KEY = SendIdempotencyTest.KEY;
    private static final String REPLAYED = SendIdempotencyTest.REPLAYED;

    @Autowired
    IdempotencyStore store;

    private void graphAccepts() {
        GRAPH.stubFor(post(urlEqualTo(SendIdempotencyTest.MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
    }

    private long count(String table, String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE tenant_id = ?::uuid", Long.class,
                tenantId);
    }

    @Test
    void malformed_keys_are_400_and_store_nothing() throws IOException {
        graphAccepts();
        String tenantId = api.tenant("Malformed keys");
        String contactId = api.contact(tenantId, uniquePhone());
        String body = Api.json(Map.of("contactId", contactId, "message", "hi"));

        for (String malformed : new String[] {"", "k".repeat(256), "tab\there"}) {
            Api.Response r = api.post("/messages/send", body, Map.of(KEY, malformed));
            assertThat(r.status()).as("key of %d characters", malformed.length()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("VALIDATION_ERROR");
            assertThat(r.json().path("error").path("message").asText()).contains("Idempotency-Key");
        }
        // not ASCII (UTF-8 bytes on the wire: java.net.http would not send them), on both calls
        for (String path : new String[] {"/messages/send", "/contacts"}) {
            String answer = rawPost(path, body, api.keyOf(tenantId), "cl\u00e9-\u00fcber".getBytes(StandardCharsets.UTF_8));
            assertThat(answer).startsWith("HTTP/1.1 400").contains("VALIDATION_ERROR").contains("Idempotency-Key");
        }
        // the key given twice
        String twice = rawPost("/messages/send", body, api.keyOf(tenantId), "a".getBytes(StandardCharsets.US_ASCII),
                "b".getBytes(StandardCharsets.US_ASCII));
        assertThat(twice).startsWith("HTTP/1.1 400").contains("VALIDATION_ERROR");
        assertThat(count("messages", tenantId)).isZero();
        assertThat(count("idempotency_keys", tenantId)).isZero();

        // the longest key, and every printable ASCII character (space too), are keys
        String longest = "k".repeat(255);
        StringBuilder printable = new StringBuilder();
        for (char c = 0x21; c <= 0x7e; c++) {
            printable.append(c);
        }
        printable.insert(10, ' ');
        for (String valid : new String[] {longest, printable.toString()}) {
            Api.Response r = api.post("/messages/send", body, Map.of(KEY, valid));
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            Api.Response again = api.post("/messages/send", body, Map.of(KEY, valid));
            assertThat(again.headers().firstValue(REPLAYED)).contains("true");
            assertThat(again.data().path("id").asText()).isEqualTo(r.data().path("id").asText());
        }
        assertThat(count("messages", tenantId)).isEqualTo(2);
    }

    @Test
    void one_key_in_two_tenants_is_two_keys() {
        graphAccepts();
        String first = api.tenant("Tenant one");
        String firstContact = api.contact(first, uniquePhone());
        String second = api.tenant("Tenant two");
        String secondContact = api.contact(second, uniquePhone());

        Api.Response a = api.as(api.keyOf(first)).post("/messages/send",
                Api.json(Map.of("contactId", firstContact, "message", "same key")), Map.of(KEY, "shared-key"));
        Api.Response b = api.as(api.keyOf(second)).post("/messages/send",
                Api.json(Map.of("contactId", secondContact, "message", "same key")), Map.of(KEY, "shared-key"));

        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(201);
        assertThat(b.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(b.data().path("id").asText()).isNotEqualTo(a.data().path("id").asText());
        assertThat(count("messages", first)).isEqualTo(1);
        assertThat(count("messages", second)).isEqualTo(1);
        // the second tenant's repeat is its own message's, never the first's
        Api.Response bAgain = api.as(api.keyOf(second)).post("/messages/send",
                Api.json(Map.of("contactId", secondContact, "message", "same key")), Map.of(KEY, "shared-key"));
        assertThat(bAgain.data().path("id").asText()).isEqualTo(b.data().path("id").asText());
    }

    @Test
    void a_repeated_contact_creation_answers_the_same_contact() {
        String tenantId = api.tenant("Contacts");
        String phone = uniquePhone();
        // as a person types it; stored in E.164
        String body = Api.json(Map.of("name", "Asha", "phone", "+91 " + phone.substring(3, 8) + " " + phone.substring(8)));

        Api.Response first = api.post("/contacts", body, Map.of(KEY, "contact-asha"));
        Api.Response again = api.post("/contacts", body, Map.of(KEY, "contact-asha"));
        Api.Response withoutKey = api.post("/contacts", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.headers().firstValue(REPLAYED)).contains("true");
        assertThat(again.data()).isEqualTo(first.data());
        assertThat(withoutKey.status()).as("without the key it is a second contact").isEqualTo(409);
        assertThat(withoutKey.errorCode()).isEqualTo("CONTACT_EXISTS");
        assertThat(count("contacts", tenantId)).isEqualTo(1);

        // a refused creation stores no key: the same key then creates the contact
        Api.Response refused = api.post("/contacts", Api.json(Map.of("name", "Bad", "phone", "12")),
                Map.of(KEY, "contact-bad"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("INVALID_PHONE_NUMBER");
        Api.Response fixed = api.post("/contacts", Api.json(Map.of("name", "Good", "phone", uniquePhone())),
                Map.of(KEY, "contact-bad"));
        assertThat(fixed.status()).isEqualTo(201);
        assertThat(fixed.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(count("idempotency_keys", tenantId)).isEqualTo(2);
    }

    @Test
    void keys_past_their_ttl_are_purged_and_their_key_is_new_again() {
        graphAccepts();
        String tenantId = api.tenant("Purge");
        String contactId = api.contact(tenantId, uniquePhone());
        Api.Response kept = api.post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "a")),
                Map.of(KEY, "kept"));
        Api.Response expiring = api.post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "b")),
                Map.of(KEY, "expiring"));
        assertThat(kept.status()).isEqualTo(201);
        assertThat(expiring.status()).isEqualTo(201);
        Instant expiresAt = jdbc.queryForObject("SELECT expires_at FROM idempotency_keys WHERE tenant_id = ?::uuid"
                + " AND idempotency_key = 'kept'", java.sql.Timestamp.class, tenantId).toInstant();
        assertThat(Duration.between(Instant.now(), expiresAt)).as("IDEMPOTENCY_TTL, 24h by default")
                .isBetween(Duration.ofHours(23), Duration.ofHours(24));

        // a purge now takes none of the two
        store.purgeExpiredAt(Instant.now());
        assertThat(count("idempotency_keys", tenantId)).isEqualTo(2);

        // one expires; the idempotency-purge route (every 500 ms in the tests) deletes it, and only it
        jdbc.update("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = ?::uuid"
                + " AND idempotency_key = 'expiring'", tenantId);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("idempotency_keys", tenantId) == 1);
        assertThat(jdbc.queryForObject("SELECT idempotency_key FROM idempotency_keys WHERE tenant_id = ?::uuid",
                String.class, tenantId)).isEqualTo("kept");

        // the expired key is new again: another body is a new message, not 422
        Api.Response reused = api.post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "c")),
                Map.of(KEY, "expiring"));
        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(count("messages", tenantId)).isEqualTo(3);
    }

    @Test
    void an_expired_key_not_yet_purged_is_taken_over_by_a_new_request() {
        graphAccepts();
        String tenantId = api.tenant("Expired");
        String contactId = api.contact(tenantId, uniquePhone());
        String body = Api.json(Map.of("contactId", contactId, "message", "x"));
        Api.Response first = api.post("/messages/send", body, Map.of(KEY, "old"));
        // expired: whether the purge route has deleted the row yet or not, the key is new
        jdbc.update("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = ?::uuid",
                tenantId);
        Api.Response second = api.post("/messages/send", body, Map.of(KEY, "old"));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(second.data().path("id").asText()).isNotEqualTo(first.data().path("id").asText());
        assertThat(jdbc.queryForObject("SELECT resource_id::text FROM idempotency_keys WHERE tenant_id = ?::uuid",
                String.class, tenantId)).isEqualTo(second.data().path("id").asText());
    }

    /** A POST written on a socket, with each of {@code keys} as an Idempotency-Key line: the answer as text. */
    private String rawPost(String path, String body, String apiKey, byte[]... keys) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            request.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nX-API-Key: " + apiKey + "\r\nContent-Length: "
                    + content.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] key : keys) {
                request.write((KEY + ": ").getBytes(StandardCharsets.US_ASCII));
                request.write(key);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            request.write(content);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
