package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The packaged service with the default callback settings (no CALLBACK_ALLOW_HTTP, no
 * CALLBACK_ALLOW_PRIVATE_NETWORKS), as it runs in production: a tenant's endpoint may not be a loopback, private,
 * link-local (cloud metadata) or IPv6 loopback address, nor plain http; each such {@code PUT /tenants/{id}/callback}
 * is refused with 400 CALLBACK_URL_NOT_ALLOWED and stores nothing. IP literals and {@code localhost} only: no DNS.
 */
class CallbackUrlPolicyIT extends FaultTest {

    private static final List<String> REFUSED = List.of(
            "https://127.0.0.1/hook",
            "https://localhost/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/x",
            "https://10.0.0.5/x",
            "https://192.168.1.1/x",
            "http://hooks.example.com/x");

    @Test
    void private_addresses_and_plain_http_are_refused_and_nothing_is_stored() {
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-callback-urls");
        env.put("SECRETS_KEY", FaultsEnvironment.SECRETS_KEY); // callbacks' secrets can be sealed: only the URL decides
        try (ServiceProcess service = ServiceProcess.start("callback-url-policy", env)) {
            Api api = new Api(service.baseUrl());
            String tenantId = api.tenant("Callback URL policy");

            SoftAssertions softly = new SoftAssertions();
            for (String url : REFUSED) {
                Api.Response set = put(api, tenantId, url);
                softly.assertThat(set.status()).as(url + ": " + set.raw()).isEqualTo(400);
                softly.assertThat(set.errorCode()).as(url + ": " + set.raw()).isEqualTo("CALLBACK_URL_NOT_ALLOWED");
                softly.assertThat(set.data().path("signing_secret").isMissingNode()).as(url + ": no secret").isTrue();
            }
            softly.assertAll();

            // nothing stored: no endpoint, so no event will ever be written for the tenant
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tenant_callbacks WHERE tenant_id = ?::uuid",
                    Integer.class, tenantId)).isZero();
            Api.Response get = api.get("/tenants/" + tenantId + "/callback");
            assertThat(get.status()).as(get.raw()).isEqualTo(404);
            assertThat(get.errorCode()).isEqualTo("CALLBACK_NOT_FOUND");

            // the refusals are the policy's: a public address (TEST-NET-3, never connected to here) is accepted
            Api.Response accepted = put(api, tenantId, "https://203.0.113.10/hook");
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
            assertThat(accepted.data().path("signing_secret").asText()).isNotBlank();
            assertThat(jdbc.queryForObject("SELECT url FROM tenant_callbacks WHERE tenant_id = ?::uuid",
                    String.class, tenantId)).isEqualTo("https://203.0.113.10/hook");

            // and a refused URL leaves the stored endpoint as it was
            Api.Response refused = put(api, tenantId, "https://127.0.0.1/hook");
            assertThat(refused.errorCode()).as(refused.raw()).isEqualTo("CALLBACK_URL_NOT_ALLOWED");
            assertThat(jdbc.queryForObject("SELECT url FROM tenant_callbacks WHERE tenant_id = ?::uuid",
                    String.class, tenantId)).isEqualTo("https://203.0.113.10/hook");
        }
    }

    private static Api.Response put(Api api, String tenantId, String url) {
        return api.put("/tenants/" + tenantId + "/callback",
                Api.json(Map.of("url", url, "events", List.of("message.sent"))));
    }
}
