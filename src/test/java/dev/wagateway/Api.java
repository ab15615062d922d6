package dev.wagateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small client of the gateway's REST API, as a caller sees it: status, headers and the JSON body. */
public final class Api {

    public record Response(int status, HttpHeaders headers, String raw, JsonNode json) {

        public JsonNode data() {
            return json.path("data");
        }

        public String errorCode() {
            return json.path("error").path("code").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public Api(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public Response post(String path, String body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, String body, Map<String, String> headers) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Posts raw bytes, which need not be valid UTF-8. */
    public Response post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** Creates a tenant and returns its id. */
    public String tenant(String name) {
        Response r = post("/tenants", json(Map.of("name", name)));
        if (r.status() != 201) {
            throw new IllegalStateException("tenant not created: " + r.raw());
        }
        return r.data().path("id").asText();
    }

    /** Creates a contact and returns its id. */
    public String contact(String tenantId, String phone) {
        Response r = post("/contacts", json(Map.of("tenantId", tenantId, "name", "Test User", "phone", phone)));
        if (r.status() != 201) {
            throw new IllegalStateException("contact not created: " + r.raw());
        }
        return r.data().path("id").asText();
    }

    public Response send(String tenantId, String contactId, String message) {
        return post("/messages/send", json(Map.of("tenantId", tenantId, "contactId", contactId, "message", message)));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode json = body == null || body.isBlank() || !isJson ? JSON.missingNode() : JSON.readTree(body);
            return new Response(response.statusCode(), response.headers(), body, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
