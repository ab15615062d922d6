package dev.wagateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;

/** API keys: made by POST /tenants (operator only), shown once, stored hashed, rotated and revoked. */
class ApiKeyTest extends IntegrationTest {

    @Test
    void creating_a_tenant_needs_the_operator_key_and_answers_the_tenants_key_once() {
        Api.Response created = api.as(Api.ADMIN_KEY).post("/tenants", Api.json(Map.of("name", "Keyed")));

        assertThat(created.status()).isEqualTo(201);
        String tenantId = created.data().path("id").asText();
        String key = created.data().path("api_key").asText();
        assertThat(key).matches("wag_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");
        assertThat(created.data().path("api_key_id").asText()).isNotBlank();
        // the key works, and is never shown again: not by the tenant, not in the key list
        Api asTenant = api.as(key);
        Api.Response self = asTenant.get("/tenants/" + tenantId);
        assertThat(self.status()).isEqualTo(200);
        assertThat(self.data().has("api_key")).isFalse();
        Api.Response keys = asTenant.get("/tenants/" + tenantId + "/api-keys");
        assertThat(keys.data()).hasSize(1);
        assertThat(keys.raw()).doesNotContain(key.substring(37));
        // the database holds a salted hash, not the key or any part of its secret
        Map<String, Object> row = jdbc.queryForMap("SELECT encode(salt, 'hex') AS salt, encode(hash, 'hex') AS hash,"
                + " tenant_id::text AS tenant FROM api_keys WHERE tenant_id = ?::uuid", tenantId);
        assertThat(row.get("tenant")).isEqualTo(tenantId);
        assertThat((String) row.get("hash")).hasSize(64);
        assertThat((String) row.get("salt")).hasSize(32);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE encode(hash, 'escape') LIKE ?"
                + " OR encode(salt, 'escape') LIKE ?", Long.class, "%" + key.substring(37) + "%",
                "%" + key.substring(37) + "%")).isZero();
    }

    @Test
    void a_rotated_key_works_beside_the_old_one_until_that_is_revoked() {
        String tenantId = api.tenant("Rotating");
        String oldKey = api.keyOf(tenantId);
        String contactId = api.contact(tenantId, uniquePhone());

        Api.Response rotated = api.as(oldKey).post("/tenants/" + tenantId + "/api-keys", "");
        assertThat(rotated.status()).isEqualTo(201);
        String newKey = rotated.data().path("api_key").asText();
        assertThat(newKey).isNotEqualTo(oldKey).startsWith("wag_");
        assertThat(api.as(oldKey).get("/contacts/" + contactId).status()).isEqualTo(200);
        assertThat(api.as(newKey).get("/contacts/" + contactId).status()).isEqualTo(200);

        JsonNode listed = api.as(newKey).get("/tenants/" + tenantId + "/api-keys").data();
        assertThat(listed).hasSize(2);
        String oldKeyId = listed.get(0).path("id").asText();
        assertThat(oldKey).contains(oldKeyId.replace("-", ""));

        Api.Response revoked = api.as(newKey).delete("/tenants/" + tenantId + "/api-keys/" + oldKeyId);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.data().path("revoked_at").asText()).isNotBlank();
        // at once: the old key is refused everywhere, the new one goes on
        Api.Response refused = api.as(oldKey).get("/contacts/" + contactId);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(api.as(oldKey).post("/messages/send", Api.json(Map.of("contactId", contactId, "message", "x")))
                .status()).isEqualTo(401);
        assertThat(api.as(newKey).get("/contacts/" + contactId).status()).isEqualTo(200);
        // revoking again changes nothing; an unknown key id is 404
        assertThat(api.as(newKey).delete("/tenants/" + tenantId + "/api-keys/" + oldKeyId).data()
                .path("revoked_at").asText()).isEqualTo(revoked.data().path("revoked_at").asText());
        assertThat(api.as(newKey).delete("/tenants/" + tenantId + "/api-keys/" + java.util.UUID.randomUUID())
                .errorCode()).isEqualTo("API_KEY_NOT_FOUND");
        // the operator can revoke a tenant's key too (a leaked key, a tenant that lost its keys)
        String newKeyId = api.as(Api.ADMIN_KEY).get("/tenants/" + tenantId + "/api-keys").data().get(1).path("id")
                .asText();
        assertThat(api.as(Api.ADMIN_KEY).delete("/tenants/" + tenantId + "/api-keys/" + newKeyId).status())
                .isEqualTo(200);
        assertThat(api.as(newKey).get("/contacts/" + contactId).status()).isEqualTo(401);
    }

    @Test
    void a_tampered_key_is_refused() {
        String tenantId = api.tenant("Tampered");
        String key = api.keyOf(tenantId);
        char last = key.charAt(key.length() - 1);
        for (String forged : List.of(key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A'),
                key.substring(0, 4) + (key.charAt(4) == 'f' ? '0' : 'f') + key.substring(5), key + "x", key.toUpperCase())) {
            assertThat(api.as(forged).get("/tenants/" + tenantId).status()).as(forged).isEqualTo(401);
        }
        // surrounding spaces are forgiven (copy and paste); the key itself is not
        assertThat(api.as(" " + key + " ").get("/tenants/" + tenantId).status()).isEqualTo(200);
    }

    @Test
    void the_actuator_is_the_operators_but_health_and_info_stay_open() {
        // open: answered, not refused (503 while the file inbox has not been polled yet, when this test runs first)
        assertThat(api.anonymous().get("/actuator/health").status()).isIn(200, 503);
        assertThat(api.anonymous().get("/actuator/health/readiness").status()).isIn(200, 503);
        assertThat(api.anonymous().get("/actuator/info").status()).isEqualTo(200);
        for (String path : List.of("/actuator/prometheus", "/actuator/env", "/actuator")) {
            Api.Response refused = api.anonymous().get(path);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo("UNAUTHORIZED");
            String tenantKey = api.keyOf(api.tenant("Not the operator"));
            assertThat(api.as(tenantKey).get(path).status()).as(path + " with a tenant key").isEqualTo(401);
        }
        assertThat(api.as(Api.ADMIN_KEY).get("/actuator/prometheus").raw()).contains("jvm_memory_used_bytes");
        assertThat(api.anonymous().get("/actuator/prometheus", Map.of("Authorization", "Bearer " + Api.ADMIN_KEY))
                .status()).isEqualTo(200);
        String basic = java.util.Base64.getEncoder().encodeToString("operator:test-operator-password".getBytes());
        assertThat(api.anonymous().get("/actuator/prometheus", Map.of("Authorization", "Basic " + basic)).status())
                .isEqualTo(200);
        // no way around it through the open health path
        for (String sneaky : List.of("/actuator/health/../prometheus", "/actuator/health/..;/prometheus",
                "/actuator/health/%2e%2e/prometheus", "/actuator//prometheus", "/actuator/PROMETHEUS")) {
            Api.Response response = api.anonymous().get(sneaky);
            assertThat(response.raw()).as(sneaky).doesNotContain("jvm_memory_used_bytes");
        }
        // the console's Jolokia is the operator's too (OperatorSurfacesTest: the console's login and its CSRF token)
        assertThat(api.anonymous().get("/actuator/jolokia/version").status()).isEqualTo(401);
    }
}
