package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.wagateway.Api;
import org.junit.jupiter.api.Test;

/**
 * The packaged service started without {@code ADMIN_API_KEY}: it starts, says at start-up that tenants cannot be
 * created, refuses tenant creation with 403 whatever key is presented (the key the other tests use as operator key
 * opens nothing), keeps the actuator closed except health, and answers every tenant call 401 (there are no keys).
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
            assertThat(operator.get("/messages").status()).isEqualTo(401);
            assertThat(operator.get("/messages").errorCode()).isEqualTo("UNAUTHORIZED");
        }
    }
}
