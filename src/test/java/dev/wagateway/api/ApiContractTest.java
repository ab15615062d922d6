package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every call and every error code of the REST contract, through the real routes and database. No stub is set up
 * for the Graph API here, so a send that reaches it gets WireMock's 404 and fails: these tests are about the API.
 */
class ApiContractTest extends IntegrationTest {

    private static void assertError(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.json().path("success").asBoolean(true)).isFalse();
        assertThat(response.errorCode()).isEqualTo(code);
        String message = response.json().path("error").path("message").asText();
        assertThat(message).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ").doesNotContainIgnoringCase("select ");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    // --- tenants ---------------------------------------------------------------------------------------------------

    @Test
    void creates_a_tenant() {
        Api.Response response = api.post("/tenants", "{\"name\":\"  Acme Ltd  \"}");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("success").asBoolean()).isTrue();
        JsonNode data = response.data();
        assertThat(UUID.fromString(data.path("id").asText())).isNotNull();
        assertThat(data.path("name").asText()).isEqualTo("Acme Ltd");
        assertThat(data.path("created_at").asText()).endsWith("Z");
        assertThat(jdbc.queryForObject("SELECT name FROM tenants WHERE id = ?::uuid", String.class, data.path("id").asText()))
                .isEqualTo("Acme Ltd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[]", "{\"name\":{\"a\":1}}", "{}", "{\"name\":\"   \"}", "{\"name\":null}",
            "null", "{\"name\":\"a\\u0000b\"}"})
    void refuses_a_bad_tenant_request(String body) {
        assertError(api.post("/tenants", body), 400, "VALIDATION_ERROR");
    }

    @Test
    void refuses_a_tenant_name_over_200_characters() {
        assertError(api.post("/tenants", Api.json(Map.of("name", "x".repeat(201)))), 400, "VALIDATION_ERROR");
        assertThat(api.post("/tenants", Api.json(Map.of("name", "x".repeat(200)))).status()).isEqualTo(201);
    }

    // --- contacts --------------------------------------------------------------------------------------------------

    @Test
    void creates_a_contact_with_the_phone_in_e164_and_reads_it_back() {
        String tenantId = api.tenant("Acme");
        String phone = uniquePhone();
        String spaced = phone.substring(0, 3) + " " + phone.substring(3, 8) + " " + phone.substring(8);

        Api.Response created = api.post("/contacts", Api.json(Map.of("tenantId", tenantId, "name", "Ravi", "phone", spaced)));

        assertThat(created.status()).isEqualTo(201);
        JsonNode data = created.data();
        assertThat(data.path("phone").asText()).isEqualTo(phone);
        assertThat(data.path("tenant_id").asText()).isEqualTo(tenantId);
        assertThat(data.path("name").asText()).isEqualTo("Ravi");
        Api.Response read = api.get("/contacts/" + data.path("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data()).isEqualTo(data);
    }

    @Test
    void the_same_phone_twice_in_a_tenant_is_a_conflict_but_another_tenant_may_have_it() {
        String tenantId = api.tenant("Acme");
        String phone = uniquePhone();
        api.contact(tenantId, phone);

        assertError(api.post("/contacts", Api.json(Map.of("tenantId", tenantId, "name", "Again", "phone",
                phone.substring(1)))), 409, "CONTACT_EXISTS");
        assertThat(api.post("/contacts", Api.json(Map.of("tenantId", api.tenant("Other"), "name", "Same",
                "phone", phone))).status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class, tenantId))
                .isEqualTo(1L);
    }

    @Test
    void concurrent_creations_of_the_same_contact_make_one_contact_and_conflicts() {
        String tenantId = api.tenant("Acme");
        String body = Api.json(Map.of("tenantId", tenantId, "name", "Racer", "phone", uniquePhone()));
        List<CompletableFuture<Api.Response>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> api.post("/contacts", body)));
        }
        List<Integer> statuses = racers.stream().map(CompletableFuture::join)
                .peek(r -> assertThat(r.status() == 201 || "CONTACT_EXISTS".equals(r.errorCode())).as(r.raw()).isTrue())
                .map(Api.Response::status).toList();

        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class, tenantId))
                .isEqualTo(1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "abc", "+999 123", "+91 12345", "+1 555 000 1111 2222 3333 4444 5555 66"})
    void refuses_an_invalid_phone(String phone) {
        String tenantId = api.tenant("Acme");
        assertError(api.post("/contacts", Api.json(Map.of("tenantId", tenantId, "name", "X", "phone", phone))), 400,
                "INVALID_PHONE_NUMBER");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class, tenantId))
                .isZero();
    }

    @Test
    void refuses_bad_contact_requests() {
        String tenantId = api.tenant("Acme");
        assertError(api.post("/contacts", "{\"tenantId\":"), 400, "VALIDATION_ERROR");
        assertError(api.post("/contacts", Api.json(Map.of("tenantId", "nope", "name", "X", "phone", uniquePhone()))), 400,
                "VALIDATION_ERROR");
        assertError(api.post("/contacts", Api.json(Map.of("tenantId", tenantId, "phone", uniquePhone()))), 400,
                "VALIDATION_ERROR");
        assertError(api.post("/contacts", Api.json(Map.of("tenantId", tenantId, "name", "X"))), 400, "VALIDATION_ERROR");
        // the tenant is the key's: another tenantId is forbidden, none means the key's
        assertError(api.post("/contacts", Api.json(Map.of("tenantId", UUID.randomUUID().toString(), "name", "X",
                "phone", uniquePhone()))), 403, "FORBIDDEN");
        Api.Response implicit = api.post("/contacts", Api.json(Map.of("name", "X", "phone", uniquePhone())));
        assertThat(implicit.status()).isEqualTo(201);
        assertThat(implicit.data().path("tenant_id").asText()).isEqualTo(tenantId);
    }

    @Test
    void unknown_or_malformed_contact_ids() {
        api.tenant("Acme");
        assertError(api.get("/contacts/" + UUID.randomUUID()), 404, "CONTACT_NOT_FOUND");
        assertError(api.get("/contacts/not-a-uuid"), 400, "VALIDATION_ERROR");
    }

    // --- sending ---------------------------------------------------------------------------------------------------

    @Test
    void send_refusals_write_nothing() {
        String tenantId = api.tenant("Acme");
        String contactId = api.contact(tenantId, uniquePhone());
        String otherTenant = api.tenant("Other");
        String othersContact = api.contact(otherTenant, uniquePhone());

        assertError(api.post("/messages/send", "{\"tenantId\": \"" + tenantId), 400, "VALIDATION_ERROR");
        assertError(api.post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "hi")),
                Map.of(Api.KEY_HEADER, api.keyOf(otherTenant))), 404, "CONTACT_NOT_FOUND");
        assertError(api.post("/messages/send", Api.json(Map.of("tenantId", tenantId, "contactId", "42", "message", "hi"))),
                400, "VALIDATION_ERROR");
        assertError(api.post("/messages/send", Api.json(Map.of("tenantId", tenantId, "contactId", contactId))), 400,
                "VALIDATION_ERROR");
        assertError(api.post("/messages/send", Api.json(Map.of("tenantId", tenantId, "contactId", contactId,
                "message", "hi", "type", "carrier-pigeon"))), 400, "VALIDATION_ERROR");
        assertError(api.send(tenantId, contactId, " \n\t "), 400, "EMPTY_MESSAGE");
        assertError(api.send(tenantId, contactId, "x".repeat(4097)), 400, "MESSAGE_TOO_LONG");
        assertError(api.send(tenantId, contactId, "a\u0000b"), 400, "VALIDATION_ERROR");
        assertError(api.send(UUID.randomUUID().toString(), contactId, "hi"), 403, "FORBIDDEN");
        assertError(api.post("/messages/send", Api.json(Map.of("tenantId", tenantId, "contactId", contactId,
                "message", "hi")), Map.of(Api.KEY_HEADER, api.keyOf(otherTenant))), 403, "FORBIDDEN");
        assertError(api.send(tenantId, UUID.randomUUID().toString(), "hi"), 404, "CONTACT_NOT_FOUND");
        // another tenant's contact does not exist for this tenant
        assertError(api.send(tenantId, othersContact, "hi"), 404, "CONTACT_NOT_FOUND");

        for (String tenant : List.of(tenantId, otherTenant)) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenant))
                    .isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid", Long.class,
                    tenant)).isZero();
        }
        assertThat(GRAPH.getAllServeEvents()).isEmpty();
    }

    @Test
    void refuses_bodies_that_are_not_one_utf8_json_object() {
        String tenantId = api.tenant("Acme");
        String contactId = api.contact(tenantId, uniquePhone());
        String valid = Api.json(Map.of("tenantId", tenantId, "contactId", contactId, "message", "hi"));
        byte[] notUtf8 = valid.replace("\"hi\"", "\"h\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);

        assertError(api.post("/messages/send", notUtf8, Map.of()), 400, "VALIDATION_ERROR");
        assertError(api.post("/messages/send", valid + " trailing", Map.of()), 400, "VALIDATION_ERROR");
        assertError(api.post("/messages/send", valid + valid, Map.of()), 400, "VALIDATION_ERROR");
        assertError(api.post("/messages/send", Api.json(Map.of("tenantId", tenantId, "contactId", contactId,
                "message", List.of("hi")))), 400, "VALIDATION_ERROR");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantId))
                .isZero();
    }

    @Test
    void stores_and_returns_markup_and_sql_as_plain_text() {
        String tenantId = api.tenant("Acme");
        String contactId = api.contact(tenantId, uniquePhone());
        String hostile = "<script>alert(1)</script>'; DROP TABLE messages;-- \"quoted\" שלום";

        Api.Response sent = api.send(tenantId, contactId, hostile);

        assertThat(sent.status()).isEqualTo(201);
        assertThat(api.get("/messages/" + sent.data().path("id").asText()).data().path("content").asText()).isEqualTo(hostile);
        assertThat(jdbc.queryForObject("SELECT content FROM messages WHERE id = ?::uuid", String.class,
                sent.data().path("id").asText())).isEqualTo(hostile);
    }

    @Test
    void a_message_of_exactly_4096_characters_is_accepted() {
        String tenantId = api.tenant("Acme");
        String contactId = api.contact(tenantId, uniquePhone());
        Api.Response response = api.send(tenantId, contactId, "é".repeat(4096));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().path("content").asText()).hasSize(4096);
    }

    // --- reading messages ------------------------------------------------------------------------------------------

    @Test
    void reads_a_message_with_all_its_fields() {
        String tenantId = api.tenant("Acme");
        String contactId = api.contact(tenantId, uniquePhone());
        String id = api.send(tenantId, contactId, "hello").data().path("id").asText();

        Api.Response read = api.get("/messages/" + id);

        assertThat(read.status()).isEqualTo(200);
        JsonNode data = read.data();
        List<String> fields = new ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "tenant_id", "conversation_id", "contact_id", "type",
                "content", "status", "attempts", "external_message_id", "created_at", "sent_at", "client_reference",
                "scheduled_at", "reply_to", "last_error",
                "next_attempt_at", "expires_at", "delivered_at", "read_at", "failed_at", "updated_at",
                "possible_duplicate");
        assertThat(data.path("id").asText()).isEqualTo(id);
        assertThat(data.path("type").asText()).isEqualTo("text");
        assertThat(data.path("content").asText()).isEqualTo("hello");
        // the stub has no mapping, so WhatsApp "answered" 404: a permanent failure
        assertThat(data.path("status").asText()).isEqualTo("failed");
        assertThat(data.path("last_error").path("code").asText()).isEqualTo("HTTP_404");
        assertThat(data.path("delivered_at").isNull()).isTrue();
    }

    @Test
    void an_unexpected_failure_is_internal_error_without_details() {
        String tenantId = api.tenant("Acme");
        String id = api.send(tenantId, api.contact(tenantId, uniquePhone()), "hello").data().path("id").asText();
        // a row another tool wrote: metadata that is not a JSON object cannot be read as the entity's map
        jdbc.update("UPDATE messages SET metadata = '[1, 2, 3]'::jsonb WHERE id = ?::uuid", id);

        Api.Response response = api.get("/messages/" + id);

        assertError(response, 500, "INTERNAL_ERROR");
        assertThat(response.json().path("error").path("message").asText()).isEqualTo("Internal error");
        assertThat(response.raw()).doesNotContain("hibernate").doesNotContain("metadata").doesNotContain("jsonb");
    }

    @Test
    void unknown_or_malformed_message_ids() {
        api.tenant("Acme");
        assertError(api.get("/messages/" + UUID.randomUUID()), 404, "MESSAGE_NOT_FOUND");
        assertError(api.get("/messages/12345"), 400, "VALIDATION_ERROR");
    }

    @Test
    void lists_a_tenants_messages_newest_first_with_status_and_limit() {
        String tenantId = api.tenant("Acme");
        String contactId = api.contact(tenantId, uniquePhone());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.send(tenantId, contactId, "m" + i).data().path("id").asText());
        }
        String otherTenant = api.tenant("Other");
        api.send(otherTenant, api.contact(otherTenant, uniquePhone()), "not yours");

        Api.Response all = api.get("/messages?tenantId=" + tenantId);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.data().findValuesAsText("id")).containsExactly(ids.get(2), ids.get(1), ids.get(0));

        assertThat(api.get("/messages?tenantId=" + tenantId + "&limit=2").data().findValuesAsText("id"))
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(api.get("/messages?tenantId=" + tenantId + "&status=failed").data()).hasSize(3);
        assertThat(api.get("/messages?tenantId=" + tenantId + "&status=sent").data()).isEmpty();
    }

    @Test
    void refuses_bad_list_parameters() {
        String tenantId = api.tenant("Acme");
        assertThat(api.get("/messages").status()).as("no tenantId: the key's tenant").isEqualTo(200);
        assertError(api.get("/messages?tenantId=abc"), 400, "VALIDATION_ERROR");
        assertError(api.get("/messages?tenantId=" + tenantId + "&status=lost"), 400, "VALIDATION_ERROR");
        for (String limit : List.of("0", "501", "-1", "ten", "1.5")) {
            assertError(api.get("/messages?tenantId=" + tenantId + "&limit=" + limit), 400, "VALIDATION_ERROR");
        }
        assertThat(api.get("/messages?tenantId=" + tenantId + "&limit=500").status()).isEqualTo(200);
        assertError(api.get("/messages?tenantId=" + UUID.randomUUID()), 403, "FORBIDDEN");
    }
}
