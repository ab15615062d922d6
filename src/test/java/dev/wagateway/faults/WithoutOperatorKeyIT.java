package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.wagateway.Api;
import org.junit.jupiter.api.Test;

/**
 * The packaged service started without {@code ADMIN_API_KEY}: it starts, says at start-up that tenants cannot be
 * created, refuses tenant creation with 403 whatever key is presented (the key the other tests use as operator key
 * opens nothing), keeps the actuator closed except health (without OPERATOR_PASSWORD no login opens it either), and
 * answers every tenant call 401 (there are no keys).
 */
class WithoutOperatorKeyIT extends FaultTest {

    @Test
    void tenant_creation_is_refused_and_start_up_says_why() {
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-no-operator");
        env.put("ADMIN_API_KEY", "");
        try (ServiceProcess service = ServiceProcess.start("without-operator-key", env)) {
            assertThat(service.output()).contains("ADMIN_API_KEY is not set: tenants cannot be created"
                    + " (POST /tenants answers 403)");

            Api operator = new Api(service.baseUrl());
            for (Api caller : new Api[] {operator, operator.anonymous(), operator.as("wag_anything_at_all")}) {
                Api.Response refused = caller.post("/tenants", "{\"name\":\"Acme\"}");
                assertThat(refused.status()).isEqualTo(403);
                assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
                assertThat(refused.json().path("error").path("message").asText())
                        .isEqualTo("Tenant creation is disabled: ADMIN_API_KEY is not set");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tenants", Integer.class)).isZero();

            assertThat(operator.get("/actuator/health").status()).isEqualTo(200);
            assertThat(operator.get("/actuator/prometheus").status()).isEqualTo(401);
            assertThat(operator.get("/actuator/prometheus", Map.of("Authorization", "Bearer " + Api.ADMIN_KEY))
                    .status()).isEqualTo(401);
            // nor an operator's login (no OPERATOR_PASSWORD): the console and Jolokia are closed to everyone
            assertThat(service.output()).contains("OPERATOR_PASSWORD is not set");
            String noPassword = Base64.getEncoder().encodeToString("operator:".getBytes(StandardCharsets.UTF_8));
            for (String path : new String[] {"/actuator/jolokia/version", "/actuator/hawtio/"}) {
                assertThat(operator.get(path).status()).as(path).isEqualTo(401);
                assertThat(operator.get(path, Map.of("Authorization", "Basic " + noPassword)).status()).as(path)
                        .isEqualTo(401);
            }
            assertThat(operator.get("/messages").status()).isEqualTo(401);
            assertThat(operator.get("/messages").errorCode()).isEqualTo("UNAUTHORIZED");
        }
    }
}
