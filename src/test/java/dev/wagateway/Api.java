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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small client of the gateway's REST API, as a caller sees it: status, headers and the JSON body. It sends an
 * {@code X-API-Key} as a client would: the operator key for {@code /tenants}, {@code /batches} and {@code /actuator}; else the key of
 * the tenant named in the body or query ({@code tenantId}), else of the tenant it created last. {@link #as} fixes
 * the key (or none, {@link #anonymous}); a key given in a call's headers wins over all of these. Every exchange is held
 * to the contract, openapi.yaml ({@link ContractCheck}): an answer that breaks it fails the test with an AssertionError.
 */
public final class Api {

    /** The operator key of the test profile (application-test.yml). */
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    public static final String KEY_HEADER = "X-API-Key";
    private static final Pattern TENANT_ID =
            Pattern.compile("tenantId(?:\\W*|=)\"?([0-9a-fA-F-]{36})");

    public record Response(int status, HttpHeaders headers, String raw, JsonNode json) {

        public JsonNode data() {
            return json.path("data");
        }

        public String errorCode() {
            return json.path("error").path("code").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<String, String> keys;
    /** Fixed key of {@link #as}: "" for none; null to choose per call. */
    private final String fixedKey;
    private volatile String lastTenant;

    public Api(int port) {
        this("http://localhost:" + port, new ConcurrentHashMap<>(), null);
    }

    /** A client of the service at {@code baseUrl} (a service started as a process, say). */
    public Api(String baseUrl) {
        this(baseUrl, new ConcurrentHashMap<>(), null);
    }

    private Api(String baseUrl, Map<String, String> keys, String fixedKey) {
        this.baseUrl = baseUrl;
        this.keys = keys;
        this.fixedKey = fixedKey;
    }

    /** This client with one key for every call. */
    public Api as(String apiKey) {
        return new Api(baseUrl, keys, apiKey);
    }

    /** This client without any key. */
    public Api anonymous() {
        return as("");
    }

    /** The API key the tenant was created with (or last given by {@link #rememberKey}). */
    public String keyOf(String tenantId) {
        return keys.get(tenantId);
    }

    public void rememberKey(String tenantId, String apiKey) {
        keys.put(tenantId, apiKey);
    }

    public Response post(String path, String body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, String body, Map<String, String> headers) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Posts raw bytes, which need not be valid UTF-8. */
    public Response post(String path, byte[] body, Map<String, String> headers) {
        return request("POST", path, body, headers);
    }

    public Response put(String path, String body) {
        return request("PUT", path, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public Response delete(String path) {
        return request("DELETE", path, null, Map.of());
    }

    public Response get(String path) {
        return get(path, Map.of());
    }

    public Response get(String path, Map<String, String> headers) {
        return request("GET", path, null, headers);
    }

    private Response request(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean typeGiven = headers.keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase);
        if (body != null && !typeGiven) {
            request.header("Content-Type", "application/json");
        }
        boolean keyGiven = headers.keySet().stream().anyMatch(KEY_HEADER::equalsIgnoreCase);
        String key = keyGiven ? null : keyFor(path, body);
        if (key != null && !key.isEmpty()) {
            request.header(KEY_HEADER, key);
        }
        headers.forEach(request::header);
        return send(request.build(), path, body);
    }

    private String keyFor(String path, byte[] body) {
        if (fixedKey != null) {
            return fixedKey;
        }
        if (path.startsWith("/tenants") || path.startsWith("/batches") || path.startsWith("/actuator")) {
            return ADMIN_KEY;
        }
        Matcher named = TENANT_ID.matcher(path + " " + (body == null ? ""
                : new String(body, StandardCharsets.UTF_8)));
        if (named.find() && keys.containsKey(named.group(1).toLowerCase(Locale.ROOT))) {
            return keys.get(named.group(1).toLowerCase(Locale.ROOT));
        }
        return lastTenant == null ? null : keys.get(lastTenant);
    }

    /** Creates a tenant (with the operator key), remembers its API key, and returns its id. */
    public String tenant(String name) {
        Response r = request("POST", "/tenants", json(Map.of("name", name)).getBytes(StandardCharsets.UTF_8),
                Map.of(KEY_HEADER, ADMIN_KEY));
        if (r.status() != 201) {
            throw new IllegalStateException("tenant not created: " + r.raw());
        }
        String id = r.data().path("id").asText();
        keys.put(id, r.data().path("api_key").asText());
        lastTenant = id;
        return id;
    }

    /** Creates a contact and returns its id. */
    public String contact(String tenantId, String phone) {
        Response r = post("/contacts", json(Map.of("tenantId", tenantId, "name", "Test User", "phone", phone)));
        if (r.status() != 201) {
            throw new IllegalStateException("contact not created: " + r.raw());
        }
        return r.data().path("id").asText();
    }

    /** Gives the tenant its own WhatsApp number and token ({@code PUT /tenants/{id}/whatsapp}). */
    public void ownNumber(String tenantId, String phoneNumberId, String accessToken) {
        Response r = put("/tenants/" + tenantId + "/whatsapp",
                json(Map.of("phoneNumberId", phoneNumberId, "accessToken", accessToken)));
        if (r.status() != 200) {
            throw new IllegalStateException("number not set: " + r.raw());
        }
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

    /** Sends the request to {@code target} (path and query) and holds the exchange to the contract. */
    private Response send(HttpRequest request, String target, byte[] requestBody) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            ContractCheck.get().verify(new ContractCheck.Exchange(request.method(), target, request.headers().map(),
                    requestBody, response.statusCode(), response.headers().map(), body));
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
