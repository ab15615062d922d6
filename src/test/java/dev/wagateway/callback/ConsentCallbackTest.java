package dev.wagateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.Contract;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.Test;

/**
 * A contact opting out or back in reaches the tenant's endpoint (a real receiver) as {@code contact.opted_out} /
 * {@code contact.opted_in} with {@code data.contact} as {@code GET /contacts/{id}} shows it, once per change, signed,
 * in the contract's {@code CallbackEvent} shape; the queued messages the opt-out failed as {@code message.failed}.
 */
class ConsentCallbackTest extends CallbackTestSupport {

    @Test
    void stop_by_keyword_then_in_and_out_by_hand_are_told_once_each_with_the_failed_queued_message() {
        String tenantId = api.tenant("Consent callbacks");
        Api tenant = api.as(api.keyOf(tenantId));
        String secret = subscribe(tenantId, receiver.url(), "contact.opted_out", "contact.opted_in",
                "message.failed");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String scheduled = tenant.post("/messages/send", Api.json(Map.of("contactId", contactId, "message",
                "see you tomorrow", "sendAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()))).data()
                .path("id").asText();

        customerWrites(phone, "Stop");
        customerWrites(phone, "STOP"); // out already: no change, no event

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("contact.opted_out").size() == 1
                && receiver.delivered("message.failed").size() == 1);
        JsonNode out = receiver.delivered("contact.opted_out").get(0).json().path("data").path("contact");
        assertThat(out.path("id").asText()).isEqualTo(contactId);
        assertThat(out.path("phone").asText()).isEqualTo(phone);
        assertThat(out.path("opted_out_at").isTextual()).isTrue();
        assertThat(out).as("the contact as GET shows it").isEqualTo(tenant.get("/contacts/" + contactId).data());
        JsonNode failed = receiver.delivered("message.failed").get(0).json().path("data").path("message");
        assertThat(failed.path("id").asText()).isEqualTo(scheduled);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("last_error").path("code").asText()).isEqualTo("CONTACT_OPTED_OUT");
        assertThat(failed.path("sequence").asInt()).isEqualTo(1);

        assertThat(tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\":false}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("contact.opted_in").size() == 1);
        JsonNode in = receiver.delivered("contact.opted_in").get(0).json().path("data").path("contact");
        assertThat(in.path("id").asText()).isEqualTo(contactId);
        assertThat(in.path("opted_out_at").isNull()).isTrue();
        assertThat(in.has("opted_out_at")).isTrue();

        assertThat(tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\":true}").status()).isEqualTo(200);
        assertThat(tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\":true}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("contact.opted_out").size() == 2);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> receiver.posts().size() == 4);

        List<Receiver.Post> posts = receiver.delivered();
        assertThat(posts).extracting(Receiver.Post::type).containsExactlyInAnyOrder("contact.opted_out",
                "message.failed", "contact.opted_in", "contact.opted_out");
        for (Receiver.Post post : posts) {
            assertThat(Receiver.signedBy(post.headers().get("x-gateway-signature"), post.body(), secret))
                    .as("signature of %s", post.type()).isTrue();
            assertThat(post.headers().get("x-gateway-event-type")).isEqualTo(post.type());
            assertThat(post.json().path("tenant_id").asText()).isEqualTo(tenantId);
            assertThat(Contract.get().schemaViolations("CallbackEvent", post.body())).as(post.body()).isEmpty();
        }
        assertThat(posts).extracting(Receiver.Post::eventId).doesNotHaveDuplicates();
    }

    @Test
    void a_tenant_not_subscribed_to_contact_events_is_told_nothing() {
        String tenantId = api.tenant("Consent not subscribed");
        subscribe(tenantId, receiver.url(), "message.received");
        String contactId = api.contact(tenantId, uniquePhone());

        assertThat(api.as(api.keyOf(tenantId)).put("/contacts/" + contactId + "/consent", "{\"optedOut\":true}")
                .status()).isEqualTo(200);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid",
                Long.class, tenantId)).isZero();
        assertThat(receiver.posts()).isEmpty();
    }

    /** The customer writes {@code text}, signed as Meta signs it; returns once the event is processed. */
    private void customerWrites(String phone, String text) {
        ObjectNode tree = MetaPayloads.inbound("webhook_inbound_text_captured.json", phone, uniqueWamid(),
                Instant.now().getEpochSecond());
        ((ObjectNode) MetaPayloads.value(tree).path("messages").path(0).path("text")).put("body", text);
        byte[] body = MetaPayloads.bytes(tree);
        long event = api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", MetaPayloads.sign(body)))
                .data().path("event_id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> "processed".equals(jdbc.queryForObject(
                "SELECT status FROM webhook_events WHERE id = ?", String.class, event)));
    }
}
