package dev.wagateway.tenant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.wagateway.Api;
import dev.wagateway.Contract;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OWASP API1 (broken object-level authorization): with its own key, tenant B tries everything on tenant A's
 * contact, message, keys and number. Each attempt answers 404 (as if it did not exist) or 403 (a tenantId that is not
 * the key's), and no answer carries anything of A's. Every endpoint refuses a request without a valid key.
 */
class TenantIsolationTest extends IntegrationTest {

    private String tenantA;
    private String tenantB;
    private String phoneA;
    private String contactA;
    private String messageA;
    private String keyIdA;
    private Api asB;

    @BeforeEach
    void twoTenants() {
        GRAPH.stubFor(post(urlEqualTo("/v25.0/1234567890/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        tenantA = api.tenant("Tenant A Secret Name");
        phoneA = uniquePhone();
        contactA = api.contact(tenantA, phoneA);
        messageA = api.send(tenantA, contactA, "A's private text").data().path("id").asText();
        keyIdA = api.as(api.keyOf(tenantA)).get("/tenants/" + tenantA + "/api-keys").data().get(0).path("id").asText();
        tenantB = api.tenant("Tenant B");
        api.contact(tenantB, uniquePhone());
        asB = api.as(api.keyOf(tenantB));
    }

    private record Attempt(String what, Supplier<Api.Response> call, int status, String code) {
    }

    @Test
    void another_tenants_things_answer_404_or_403_and_leak_nothing() {
        List<Attempt> attempts = List.of(
                new Attempt("read A's contact", () -> asB.get("/contacts/" + contactA), 404, "CONTACT_NOT_FOUND"),
                new Attempt("read A's message", () -> asB.get("/messages/" + messageA), 404, "MESSAGE_NOT_FOUND"),
                new Attempt("read A's message events", () -> asB.get("/messages/" + messageA + "/events"), 404,
                        "MESSAGE_NOT_FOUND"),
                new Attempt("retry A's message", () -> asB.post("/messages/" + messageA + "/retry", ""), 404,
                        "MESSAGE_NOT_FOUND"),
                new Attempt("list A's messages", () -> asB.get("/messages?tenantId=" + tenantA), 403, "FORBIDDEN"),
                new Attempt("send as A", () -> asB.post("/messages/send", Api.json(Map.of("tenantId", tenantA,
                        "contactId", contactA, "message", "spoofed"))), 403, "FORBIDDEN"),
                new Attempt("send to A's contact", () -> asB.post("/messages/send", Api.json(Map.of(
                        "contactId", contactA, "message", "to a stranger"))), 404, "CONTACT_NOT_FOUND"),
                new Attempt("add a contact to A", () -> asB.post("/contacts", Api.json(Map.of("tenantId", tenantA,
                        "name", "Intruder", "phone", uniquePhone()))), 403, "FORBIDDEN"),
                new Attempt("read tenant A", () -> asB.get("/tenants/" + tenantA), 404, "TENANT_NOT_FOUND"),
                new Attempt("list A's keys", () -> asB.get("/tenants/" + tenantA + "/api-keys"), 404,
                        "TENANT_NOT_FOUND"),
                new Attempt("make a key for A", () -> asB.post("/tenants/" + tenantA + "/api-keys", ""), 404,
                        "TENANT_NOT_FOUND"),
                new Attempt("revoke A's key", () -> asB.delete("/tenants/" + tenantA + "/api-keys/" + keyIdA), 404,
                        "TENANT_NOT_FOUND"),
                new Attempt("revoke A's key under B", () -> asB.delete("/tenants/" + tenantB + "/api-keys/" + keyIdA),
                        404, "API_KEY_NOT_FOUND"),
                new Attempt("set A's number", () -> asB.put("/tenants/" + tenantA + "/whatsapp", Api.json(Map.of(
                        "phoneNumberId", "777000111", "accessToken", "stolen"))), 404, "TENANT_NOT_FOUND"),
                new Attempt("clear A's number", () -> asB.delete("/tenants/" + tenantA + "/whatsapp"), 404,
                        "TENANT_NOT_FOUND"),
                new Attempt("create a tenant", () -> asB.post("/tenants", Api.json(Map.of("name", "Mine"))), 403,
                        "FORBIDDEN"));

        List<String> wrong = new ArrayList<>();
        for (Attempt attempt : attempts) {
            Api.Response response = attempt.call().get();
            if (response.status() != attempt.status() || !attempt.code().equals(response.errorCode())) {
                wrong.add(attempt.what() + ": " + response.status() + " " + response.raw());
            }
            for (String secret : List.of(phoneA, phoneA.substring(1), "A's private text", "Tenant A Secret Name",
                    api.keyOf(tenantA))) {
                if (response.raw().contains(secret)) {
                    wrong.add(attempt.what() + " leaked " + secret);
                }
            }
        }
        assertThat(wrong).isEmpty();

        // nothing changed for A, nothing was written for B
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE name = 'Intruder'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantB))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT revoked_at IS NULL FROM api_keys WHERE id = ?::uuid", Boolean.class,
                keyIdA)).isTrue();
        assertThat(jdbc.queryForObject("SELECT whatsapp_phone_number_id FROM tenants WHERE id = ?::uuid",
                String.class, tenantA)).isNull();
        // and B's own list holds none of A's messages
        assertThat(asB.get("/messages").data().findValuesAsText("id")).doesNotContain(messageA);
        // while A, with its own key, sees them all
        Api asA = api.as(api.keyOf(tenantA));
        assertThat(asA.get("/messages/" + messageA).data().path("content").asText()).isEqualTo("A's private text");
        assertThat(asA.get("/contacts/" + contactA).status()).isEqualTo(200);
    }

    @Test
    void the_operator_key_manages_tenants_but_does_not_act_as_one() {
        Api operator = api.as(Api.ADMIN_KEY);
        assertThat(operator.get("/tenants/" + tenantA).data().path("name").asText()).isEqualTo("Tenant A Secret Name");
        assertThat(operator.get("/messages/" + messageA).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(operator.post("/messages/send", Api.json(Map.of("tenantId", tenantA, "contactId", contactA,
                "message", "from the operator"))).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(api.anonymous().post("/tenants", Api.json(Map.of("name", "No key"))).status()).isEqualTo(401);
    }

    @Test
    void every_endpoint_but_the_webhook_refuses_a_missing_wrong_or_malformed_key() {
        List<String> wrong = new ArrayList<>();
        String someId = UUID.randomUUID().toString();
        int endpoints = 0;
        for (Contract.Operation operation : Contract.get().operations()) {
            String call = operation.method() + " " + operation.path();
            String method = operation.method();
            String path = operation.path().replaceAll("\\{[^}]+}", someId);
            if (path.startsWith("/webhooks/")) {
                continue; // Meta signs those (WebhookTest)
            }
            endpoints++;
            for (Map.Entry<String, Api> caller : Map.of("no key", api.anonymous(),
                    "an unknown key", api.as("wag_" + "0".repeat(32) + "_" + "A".repeat(43)),
                    "a malformed key", api.as("hunter2"),
                    "a key in the URL", api.anonymous()).entrySet()) {
                String url = caller.getKey().equals("a key in the URL")
                        ? path + "?api-key=" + api.keyOf(tenantA) : path;
                Api.Response response = call(caller.getValue(), method, url);
                if (response.status() != 401 || !"UNAUTHORIZED".equals(response.errorCode())) {
                    wrong.add(call + " with " + caller.getKey() + ": " + response.status() + " " + response.raw());
                }
            }
        }
        assertThat(endpoints).as("REST endpoints checked").isGreaterThanOrEqualTo(16);
        assertThat(wrong).isEmpty();
    }

    private static Api.Response call(Api api, String method, String path) {
        return switch (method) {
            case "GET" -> api.get(path);
            // POST /media takes a file (multipart): the key is checked before a byte of it is read
            case "POST" -> path.startsWith("/media") ? api.post(path, ("--b\r\nContent-Disposition: form-data; name=\"file\";"
                    + " filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--b--\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("Content-Type", "multipart/form-data; boundary=b"))
                    : api.post(path, "{}");
            case "PUT" -> api.put(path, "{}");
            case "DELETE" -> api.delete(path);
            default -> throw new IllegalArgumentException(method);
        };
    }
}
