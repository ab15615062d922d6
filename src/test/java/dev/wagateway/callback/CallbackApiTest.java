package dev.wagateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import org.junit.jupiter.api.Test;

/** {@code /tenants/{id}/callback} and {@code /callbacks/deliveries}: the contract's answers, and what is stored. */
class CallbackApiTest extends CallbackTestSupport {

    @Test
    void the_secret_is_shown_when_created_and_never_again_and_stored_encrypted() {
        String tenantId = api.tenant("Callback config");
        Api.Response created = api.put("/tenants/" + tenantId + "/callback", Api.json(Map.of("url", receiver.url())));
        assertThat(created.status()).isEqualTo(200);
        String secret = created.data().path("signing_secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getUrlDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(32);
        assertThat(created.data().path("events")).extracting(JsonNode::asText).containsExactly("message.sent",
                "message.delivered", "message.read", "message.failed", "message.received", "batch.finished",
                "contact.opted_out", "contact.opted_in");

        // the tenant's own key may change it; the secret stays and is not shown
        Api tenant = api.as(api.keyOf(tenantId));
        Api.Response changed = tenant.put("/tenants/" + tenantId + "/callback",
                Api.json(Map.of("url", receiver.url() + "/v2", "events", List.of("message.read", "message.read"))));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.data().has("signing_secret")).isFalse();
        assertThat(changed.data().path("events")).extracting(JsonNode::asText).containsExactly("message.read");
        assertThat(changed.data().path("created_at")).isEqualTo(created.data().path("created_at"));
        Api.Response read = tenant.get("/tenants/" + tenantId + "/callback");
        assertThat(read.data().path("url").asText()).isEqualTo(receiver.url() + "/v2");
        assertThat(read.data().path("secret_set").asBoolean()).isTrue();
        assertThat(read.data().has("signing_secret")).isFalse();
        assertThat(read.raw()).doesNotContain(secret.substring(6));

        byte[] stored = jdbc.queryForObject("SELECT secret FROM tenant_callbacks WHERE tenant_id = ?::uuid",
                byte[].class, tenantId);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));
        assertThat(stored.length).isGreaterThan(secret.length()); // nonce + ciphertext + tag
    }

    @Test
    void bad_requests_are_refused_in_the_envelope_and_store_nothing() {
        String tenantId = api.tenant("Callback refusals");
        String path = "/tenants/" + tenantId + "/callback";
        assertThat(api.put(path, "{}").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(api.put(path, Api.json(Map.of("url", "not a url"))).errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(api.put(path, Api.json(Map.of("url", "ftp://hooks.example/x"))).errorCode())
                .isEqualTo("CALLBACK_URL_NOT_ALLOWED");
        assertThat(api.put(path, Api.json(Map.of("url", receiver.url(), "events", List.of()))).errorCode())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(api.put(path, Api.json(Map.of("url", receiver.url(), "events", List.of("ping")))).errorCode())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(api.put(path, Api.json(Map.of("url", receiver.url(), "events", List.of("message.sen")))).errorCode())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tenant_callbacks WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isZero();

        for (Api.Response none : List.of(api.get(path), api.delete(path), api.post(path + "/secret", ""),
                api.post(path + "/test", ""))) {
            assertThat(none.status()).isEqualTo(404);
            assertThat(none.errorCode()).isEqualTo("CALLBACK_NOT_FOUND");
        }
        String other = api.tenant("Callback neighbour");
        Api.Response notYours = api.as(api.keyOf(other)).put(path, Api.json(Map.of("url", receiver.url())));
        assertThat(notYours.errorCode()).isEqualTo("TENANT_NOT_FOUND");
        assertThat(api.as(Api.ADMIN_KEY).get("/callbacks/deliveries").errorCode()).isEqualTo("FORBIDDEN");
        assertThat(api.as(api.keyOf(other)).get("/callbacks/deliveries?cursor=bm9wZQ").errorCode())
                .isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void deliveries_are_listed_newest_first_a_page_at_a_time_without_gaps() {
        String tenantId = api.tenant("Callback pages");
        subscribe(tenantId, receiver.url(), "message.sent");
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(sentMessage(tenantId, uniqueWamid()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(tenantId, "delivered") == 5);
        Api tenant = api.as(api.keyOf(tenantId));

        List<JsonNode> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = tenant.get("/callbacks/deliveries?limit=2&cursor=" + cursor).json();
            page.path("data").forEach(seen::add);
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).allSatisfy(d -> {
            assertThat(d.path("status").asText()).isEqualTo("delivered");
            assertThat(d.path("last_status_code").asInt()).isEqualTo(200);
            assertThat(d.path("attempts").asInt()).isEqualTo(1);
        });
        assertThat(seen).extracting(d -> d.path("id").asText()).doesNotHaveDuplicates();
        List<Instant> created = seen.stream().map(d -> Instant.parse(d.path("created_at").asText())).toList();
        assertThat(created).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(receiver.delivered()).extracting(Receiver.Post::eventId)
                .containsExactlyInAnyOrderElementsOf(seen.stream().map(d -> d.path("event_id").asText()).toList());
        assertThat(tenant.get("/callbacks/deliveries?status=dead").data()).isEmpty();
        assertThat(tenant.get("/callbacks/deliveries?type=message.read").data()).isEmpty();
        assertThat(tenant.get("/callbacks/deliveries?type=message.sent&status=delivered").data())
                .hasSize(5);
    }

    @Test
    void after_a_rotation_both_secrets_sign_until_the_overlap_ends_then_only_the_new_one() {
        String tenantId = api.tenant("Callback rotation");
        String oldSecret = subscribe(tenantId, receiver.url(), "message.sent");
        Api.Response rotated = api.post("/tenants/" + tenantId + "/callback/secret", "");
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.data().path("signing_secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        Instant overlapEnds = Instant.parse(rotated.data().path("previous_valid_until").asText());

        sentMessage(tenantId, uniqueWamid());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == 1);
        Receiver.Post during = receiver.delivered().get(0);
        String header = during.headers().get("x-gateway-signature");
        assertThat(Receiver.signatureCount(header)).isEqualTo(2);
        assertThat(Receiver.signatures(header, during.body(), newSecret)).isEqualTo(1);
        assertThat(Receiver.signatures(header, during.body(), oldSecret)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(overlapEnds));
        sentMessage(tenantId, uniqueWamid());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == 2);
        Receiver.Post after = receiver.delivered().get(1);
        String afterHeader = after.headers().get("x-gateway-signature");
        assertThat(Receiver.signatureCount(afterHeader)).isEqualTo(1);
        assertThat(Receiver.signedBy(afterHeader, after.body(), newSecret)).isTrue();
        assertThat(Receiver.signedBy(afterHeader, after.body(), oldSecret)).isFalse();
    }
}
