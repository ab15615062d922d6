package dev.wagateway.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.whatsapp.LegacyCiphertexts;
import dev.wagateway.whatsapp.TokenCipher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A SECRETS_KEY rotation, end to end on the shared context, which runs as step 2 of the procedure
 * (docs/operations.md): SECRETS_KEY is the new key, SECRETS_KEY_PREVIOUS the old one (application-test.yml). A tenant
 * token and a callback's signing secrets stored under the old key — with its id, and in the format before ids — still
 * work; the re-encryption job seals them with the new key; then a cipher without the previous key (step 4) opens
 * them, and the tenant's sends still reach WireMock with its token.
 */
class SecretsRotationTest extends IntegrationTest {

    private static final String CURRENT = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String PREVIOUS = "cHJldmlvdXMta2V5LWZvci10aGUtdGVzdHMtb25seSE=";

    @Autowired
    private SecretsReencryption reencryption;

    @Test
    void what_the_previous_key_sealed_works_is_sealed_again_and_works_without_it() {
        TokenCipher old = new TokenCipher(PREVIOUS);
        TokenCipher currentOnly = new TokenCipher(CURRENT);
        String numberId = "88" + (System.nanoTime() % 1_000_000_000L);
        String token = "EAAG-rotated-" + numberId;
        String tenantId = api.tenant("Rotation");
        UUID tenant = UUID.fromString(tenantId);
        assertThat(api.as(api.keyOf(tenantId)).put("/tenants/" + tenantId + "/whatsapp",
                Api.json(Map.of("phoneNumberId", numberId, "accessToken", token))).status()).isEqualTo(200);
        String secret = api.put("/tenants/" + tenantId + "/callback", Api.json(Map.of("url",
                "http://127.0.0.1:9/hook", "events", List.of("batch.finished")))).data().path("signing_secret")
                .asText();
        // as an instance on the old key alone left them: the token with the old key's id, the secret from before
        // key ids, and a rotated-out callback secret with the old key's id
        jdbc.update("UPDATE tenants SET whatsapp_token_encrypted = ? WHERE id = ?", old.encrypt(token, tenant),
                tenant);
        jdbc.update("UPDATE tenant_callbacks SET secret = ?, previous_secret = ? WHERE tenant_id = ?",
                LegacyCiphertexts.seal(PREVIOUS, secret, tenant), old.encrypt("whsec_earlier", tenant), tenant);
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + numberId + "/messages"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.R" + numberId
                                + "\"}]}")));

        // SECRETS_KEY_PREVIOUS set: the old token is opened for the call
        assertThat(api.send(tenantId, api.contact(tenantId, uniquePhone()), "before").data().path("status")
                .asText()).isEqualTo("sent");

        reencryption.run();
        reencryption.run(); // again, as every instance does: nothing left to do for these rows

        byte[] storedToken = jdbc.queryForObject("SELECT whatsapp_token_encrypted FROM tenants WHERE id = ?",
                byte[].class, tenant);
        Map<String, Object> callback = jdbc.queryForMap(
                "SELECT secret, previous_secret FROM tenant_callbacks WHERE tenant_id = ?", tenant);
        // without SECRETS_KEY_PREVIOUS: each opens with the current key alone, to what was stored
        assertThat(currentOnly.sealedWithCurrent(storedToken)).isTrue();
        assertThat(currentOnly.decrypt(storedToken, tenant)).isEqualTo(token);
        assertThat(currentOnly.decrypt((byte[]) callback.get("secret"), tenant)).isEqualTo(secret);
        assertThat(currentOnly.decrypt((byte[]) callback.get("previous_secret"), tenant)).isEqualTo("whsec_earlier");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tenants WHERE id = ? AND substring("
                + "whatsapp_token_encrypted FROM 1 FOR 5) <> ?", Long.class, tenant, currentOnly.currentHeader()))
                .isZero();

        // and the tenant's sends still leave with its own token
        assertThat(api.send(tenantId, api.contact(tenantId, uniquePhone()), "after").data().path("status")
                .asText()).isEqualTo("sent");
        GRAPH.verify(2, postRequestedFor(urlEqualTo("/v25.0/" + numberId + "/messages"))
                .withHeader("Authorization", equalTo("Bearer " + token)));
        assertThat(camelContext.getRoute("secrets-reencrypt")).as("the job's route").isNotNull();
    }
}
