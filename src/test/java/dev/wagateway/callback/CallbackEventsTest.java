package dev.wagateway.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.Contract;
import dev.wagateway.ingest.Inbox;
import dev.wagateway.redelivery.Backlog;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.Test;

/**
 * Each event type reaches the tenant's endpoint (a real HTTP receiver), once per change, signed (checked with the
 * receiver's own HMAC code), in the contract's {@code CallbackEvent} shape, each message's events numbered 1, 2, 3.
 */
class CallbackEventsTest extends CallbackTestSupport {

    @Test
    void a_message_sent_delivered_and_read_is_three_signed_events_in_sequence() {
        String tenantId = api.tenant("Callback statuses");
        String secret = subscribe(tenantId, receiver.url());
        String wamid = uniqueWamid();
        String messageId = sentMessage(tenantId, wamid);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.sent").size() == 1);
        webhookStatus("webhook_status_delivered_biz_opaque_callback_data.json", wamid, 1_778_239_358L);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.delivered").size() == 1);
        webhookStatus("webhook_status_read_minimal.json", wamid, 1_778_239_400L);
        // the same read again: recorded once, told once
        webhookStatus("webhook_status_read_minimal.json", wamid, 1_778_239_400L);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.read").size() == 1);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.posts().size() == 3);
        List<Receiver.Post> posts = receiver.delivered();
        assertThat(posts).extracting(Receiver.Post::type)
                .containsExactly("message.sent", "message.delivered", "message.read");
        assertThat(posts).extracting(p -> p.json().path("data").path("message").path("sequence").asInt())
                .containsExactly(1, 2, 3);
        assertThat(posts).extracting(p -> p.json().path("data").path("message").path("status").asText())
                .containsExactly("sent", "delivered", "read");
        for (Receiver.Post post : posts) {
            assertSignedEvent(post, secret, tenantId);
            assertThat(post.json().path("data").path("message").path("id").asText()).isEqualTo(messageId);
        }
        assertThat(posts).extracting(Receiver.Post::eventId).doesNotHaveDuplicates();
        JsonNode read = posts.get(2).json().path("data").path("message");
        assertThat(Instant.parse(read.path("read_at").asText())).isEqualTo(Instant.ofEpochSecond(1_778_239_400L));
        assertThat(read.path("external_message_id").asText()).isEqualTo(wamid);
    }

    @Test
    void an_event_shows_the_messages_client_reference() {
        String tenantId = api.tenant("Callback reference");
        String secret = subscribe(tenantId, receiver.url(), "message.sent");
        graphAccepts(uniqueWamid());
        Api.Response sent = api.as(api.keyOf(tenantId)).post("/messages/send", Api.json(java.util.Map.of(
                "to", uniquePhone(), "message", "hi", "clientReference", "ticket-42")));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.sent").size() == 1);
        Receiver.Post post = receiver.delivered("message.sent").get(0);
        assertSignedEvent(post, secret, tenantId);
        JsonNode message = post.json().path("data").path("message");
        assertThat(message.path("id").asText()).isEqualTo(sent.data().path("id").asText());
        assertThat(message.path("client_reference").asText()).isEqualTo("ticket-42");
        assertThat(message.has("scheduled_at")).isTrue();
    }

    @Test
    void a_failure_reported_by_whatsapp_and_one_of_ours_are_message_failed() {
        String tenantId = api.tenant("Callback failures");
        String secret = subscribe(tenantId, receiver.url(), "message.failed");
        String wamid = uniqueWamid();
        String reported = sentMessage(tenantId, wamid);
        webhookStatus("webhook_status_failed_131026_contacts_no_href.json", wamid, 1_778_251_283L);
        // ours: WhatsApp refuses the send for good (100: invalid parameter)
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(fixture("error_100_invalid_parameter.json"))));
        Api.Response refused = api.as(api.keyOf(tenantId)).send(tenantId, api.contact(tenantId, uniquePhone()), "x");
        assertThat(refused.data().path("status").asText()).isEqualTo("failed");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.failed").size() == 2);
        assertThat(receiver.posts()).as("subscribed to message.failed only: no message.sent")
                .extracting(Receiver.Post::type).containsOnly("message.failed");
        for (Receiver.Post post : receiver.delivered()) {
            assertSignedEvent(post, secret, tenantId);
        }
        JsonNode byMeta = message(receiver.delivered(), reported);
        assertThat(byMeta.path("last_error").path("code").asText()).isEqualTo("131026");
        assertThat(byMeta.path("sequence").asInt()).as("its message.sent was not subscribed to").isEqualTo(1);
        JsonNode byUs = message(receiver.delivered(), refused.data().path("id").asText());
        assertThat(byUs.path("status").asText()).isEqualTo("failed");
        assertThat(byUs.path("last_error").path("code").asText()).isEqualTo("100");
    }

    @Test
    void a_failed_message_retried_and_sent_numbers_its_events_on() {
        String tenantId = api.tenant("Callback retried");
        subscribe(tenantId, receiver.url());
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(fixture("error_100_invalid_parameter.json"))));
        Api tenant = api.as(api.keyOf(tenantId));
        String messageId = tenant.send(tenantId, api.contact(tenantId, uniquePhone()), "again").data().path("id")
                .asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.failed").size() == 1);

        graphAccepts(uniqueWamid());
        assertThat(tenant.post("/messages/" + messageId + "/retry", "").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.sent").size() == 1);
        assertThat(receiver.delivered()).extracting(p -> p.json().path("data").path("message").path("sequence")
                .asInt()).containsExactly(1, 2);
        assertThat(receiver.delivered("message.sent").get(0).json().path("data").path("message").path("status")
                .asText()).isEqualTo("sent");
    }

    @Test
    void giving_up_is_message_failed_too_past_the_ttl_and_after_the_last_attempt() {
        String tenantId = api.tenant("Callback give up");
        String secret = subscribe(tenantId, receiver.url(), "message.failed");
        Backlog backlog = new Backlog(jdbc, tenantId, api.contact(tenantId, uniquePhone()));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(503)));
        String expired = backlog.expired("your code is 123456");
        String lastTry = backlog.queued("ninth time", 9);

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.delivered("message.failed").size() == 2);
        receiver.delivered().forEach(post -> assertSignedEvent(post, secret, tenantId));
        assertThat(message(receiver.delivered(), expired).path("last_error").path("code").asText())
                .isEqualTo("EXPIRED");
        assertThat(message(receiver.delivered(), lastTry).path("last_error").path("code").asText())
                .isEqualTo("MAX_ATTEMPTS_EXCEEDED");
    }

    @Test
    void an_inbound_message_is_message_received_with_its_sender() {
        String tenantId = api.tenant("Callback inbound");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String secret = subscribe(tenantId, receiver.url());
        String wamid = uniqueWamid();
        long sentAt = Instant.now().getEpochSecond() - 30;
        byte[] body = MetaPayloads.bytes(MetaPayloads.inbound("webhook_inbound_text_captured.json", phone, wamid,
                sentAt));
        webhook(body);
        webhook(body); // Meta delivers it again: stored once, told once

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("message.received").size() == 1);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> receiver.posts().size() == 1);
        Receiver.Post post = receiver.delivered().get(0);
        assertSignedEvent(post, secret, tenantId);
        JsonNode message = post.json().path("data").path("message");
        assertThat(message.path("from").asText()).isEqualTo(phone);
        assertThat(message.path("contact_id").asText()).isEqualTo(contactId);
        assertThat(message.path("status").asText()).isEqualTo("received");
        assertThat(message.path("type").asText()).isEqualTo("text");
        assertThat(message.path("content").asText()).isEqualTo("Hihu");
        assertThat(message.path("external_message_id").asText()).isEqualTo(wamid);
        assertThat(message.path("received_at").isTextual()).isTrue();
        assertThat(message.path("sequence").asInt()).isEqualTo(1);
    }

    @Test
    void a_dropped_file_of_one_tenant_is_batch_finished_as_get_batches_shows_it() {
        String tenantId = api.tenant("Callback batch");
        String secret = subscribe(tenantId, receiver.url(), "batch.finished");
        String contactId = api.contact(tenantId, uniquePhone());
        String name = Inbox.drop(Inbox.uniqueName("callback", "csv"), String.join("\n",
                "tenantId,contactId,phone,name,message,type",
                tenantId + "," + contactId + ",,,hello from a file,text",
                tenantId + ",,12345,,not a phone,"));
        Inbox.awaitReport(".done", name);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered("batch.finished").size() == 1);
        Receiver.Post post = receiver.delivered().get(0);
        assertSignedEvent(post, secret, tenantId);
        JsonNode batch = post.json().path("data").path("batch");
        assertThat(batch.path("file_name").asText()).isEqualTo(name);
        assertThat(batch.path("status").asText()).isEqualTo("done");
        assertThat(batch.path("rows_accepted").asInt()).isEqualTo(1);
        assertThat(batch.path("rows_rejected").asInt()).isEqualTo(1);
        assertThat(batch).isEqualTo(api.as(api.keyOf(tenantId)).get("/batches/" + batch.path("id").asText()).data());
    }

    @Test
    void the_test_ping_is_posted_at_once_and_answers_what_the_endpoint_did() {
        String tenantId = api.tenant("Callback ping");
        String secret = subscribe(tenantId, receiver.url());

        Api.Response ok = api.post("/tenants/" + tenantId + "/callback/test", "");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.data().path("delivered").asBoolean()).isTrue();
        assertThat(ok.data().path("status_code").asInt()).isEqualTo(200);
        assertThat(ok.data().path("error").isNull()).isTrue();
        assertThat(receiver.posts()).hasSize(1);
        assertSignedEvent(receiver.posts().get(0), secret, tenantId);
        assertThat(receiver.posts().get(0).type()).isEqualTo("ping");
        assertThat(api.post("/tenants/" + tenantId + "/callback/test", "").data().path("delivered").asBoolean()).isTrue();
        assertThat(receiver.posts().get(1).headers()).as("the cookie the endpoint set is not sent back")
                .doesNotContainKey("cookie");

        receiver.answering(401);
        Api.Response refused = api.post("/tenants/" + tenantId + "/callback/test", "");
        assertThat(refused.data().path("delivered").asBoolean()).isFalse();
        assertThat(refused.data().path("status_code").asInt()).isEqualTo(401);
        assertThat(refused.data().path("error").asText()).isEqualTo("HTTP 401");

        receiver.answering(302);
        Api.Response redirected = api.post("/tenants/" + tenantId + "/callback/test", "");
        assertThat(redirected.data().path("delivered").asBoolean()).as("a redirect is not followed").isFalse();
        assertThat(redirected.data().path("status_code").asInt()).isEqualTo(302);
        assertThat(receiver.posts()).hasSize(4);

        receiver.stop();
        // the first post may still find the pooled connection the receiver closed as it stopped
        Api.Response stopping = api.post("/tenants/" + tenantId + "/callback/test", "");
        assertThat(stopping.data().path("error").asText()).matches("CONNECTION_(REFUSED|CLOSED): .*");
        Api.Response down = api.post("/tenants/" + tenantId + "/callback/test", "");
        assertThat(down.data().path("delivered").asBoolean()).isFalse();
        assertThat(down.data().path("status_code").isNull()).isTrue();
        assertThat(down.data().path("error").asText()).startsWith("CONNECTION_REFUSED");
        assertThat(deliveries(tenantId, "pending") + deliveries(tenantId, "dead")).as("a ping is not stored").isZero();
    }

    /** Headers, signature (the receiver's own check), and the contract's CallbackEvent schema. */
    private static void assertSignedEvent(Receiver.Post post, String secret, String tenantId) {
        assertThat(Receiver.signedBy(post.headers().get("x-gateway-signature"), post.body(), secret))
                .as("signature of %s", post.type()).isTrue();
        assertThat(post.headers().get("content-type")).isEqualTo("application/json");
        // the build's version (application.yml's @project.version@, filled in by Maven), not the placeholder
        assertThat(post.headers().get("user-agent")).matches("whatsapp-gateway/\\d+\\.\\d+\\.\\d+\\S*");
        assertThat(post.headers().get("x-gateway-event-type")).isEqualTo(post.type());
        assertThat(post.eventId()).isEqualTo(post.json().path("id").asText());
        assertThat(post.json().path("tenant_id").asText()).isEqualTo(tenantId);
        assertThat(post.headers()).doesNotContainKeys("x-api-key", "authorization", "camelhttpuri");
        assertThat(Contract.get().schemaViolations("CallbackEvent", post.body())).as(post.body()).isEmpty();
    }

    private static JsonNode message(List<Receiver.Post> posts, String messageId) {
        return posts.stream().map(p -> p.json().path("data").path("message"))
                .filter(m -> m.path("id").asText().equals(messageId)).findFirst().orElseThrow();
    }
}
