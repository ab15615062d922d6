package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Request bodies over 1 MB are refused with 413 in the envelope: declared ones before anything reads them, chunked
 * ones (no Content-Length) when the reading passes the limit.
 */
class BodySizeLimitTest extends IntegrationTest {

    private static final int LIMIT = 1_048_576;

    @Test
    void a_body_over_one_megabyte_is_413_and_stores_nothing() throws Exception {
        long tenants = jdbc.queryForObject("SELECT count(*) FROM tenants", Long.class);
        byte[] big = json("{\"name\": \"" + "x".repeat(2 * LIMIT) + "\"}");

        Api.Response declared = api.post("/tenants", big, Map.of());
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM tenants", Long.class)).isEqualTo(tenants);
    }

    @Test
    void a_body_of_exactly_the_limit_reaches_the_route() {
        byte[] atLimit = new byte[LIMIT];
        Arrays.fill(atLimit, (byte) ' ');
        atLimit[0] = '{';
        atLimit[LIMIT - 1] = '}';
        Api.Response response = api.post("/tenants", atLimit, Map.of());
        assertThat(response.status()).as("read, and refused for what it says, not for its size").isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void a_chunked_body_over_one_megabyte_is_413_wherever_it_is_read_and_stores_nothing() {
        String tenantId = api.tenant("Chunked");
        String contactId = api.contact(tenantId, uniquePhone());
        long messages = jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId);
        byte[] big = json("{\"contactId\": \"" + contactId + "\", \"message\": \"" + "x".repeat(2 * LIMIT) + "\"}");

        for (String path : List.of("/messages/send", "/contacts", "/webhooks/whatsapp")) {
            Api.Response chunked = chunked(path, big, api.keyOf(tenantId));
            assertThat(chunked.status()).as(path + " " + chunked.raw()).isEqualTo(413);
            assertThat(chunked.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isEqualTo(messages);

        // a small chunked body is read as any other
        Api.Response small = chunked("/contacts", json("{\"name\": \"Chunked\", \"phone\": \"" + uniquePhone()
                + "\"}"), api.keyOf(tenantId));
        assertThat(small.status()).isEqualTo(201);
    }

    /** POSTs the body with Transfer-Encoding: chunked (a publisher of unknown length), with the tenant's key. */
    private Api.Response chunked(String path, byte[] body, String apiKey) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                    .header(Api.KEY_HEADER, apiKey).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = new ObjectMapper().readTree(response.body());
            return new Api.Response(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
