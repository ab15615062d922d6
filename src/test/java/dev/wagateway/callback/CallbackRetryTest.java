package dev.wagateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.Test;

/**
 * Deliveries that fail: retried until they arrive (the receiver counts each event), dead past their age, paused
 * behind an endpoint's circuit, and one tenant's hanging endpoint never holds up another's events.
 */
class CallbackRetryTest extends CallbackTestSupport {

    @Test
    void endpoint_down_then_failing_then_back_gets_every_event_exactly_once() {
        String tenantId = api.tenant("Callback outage");
        subscribe(tenantId, receiver.url(), "message.sent");
        receiver.stop();
        for (int i = 0; i < 3; i++) {
            sentMessage(tenantId, uniqueWamid());
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> failedWith(tenantId, "CONNECTION_REFUSED%") == 3);

        receiver.restart();
        receiver.answering(500);
        await().atMost(Duration.ofSeconds(20)).until(() -> failedWith(tenantId, "HTTP 500") == 3);
        assertThat(receiver.delivered()).isEmpty();

        receiver.answering(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(tenantId, "delivered") == 3);
        List<Receiver.Post> delivered = receiver.delivered();
        assertThat(delivered).hasSize(3);
        assertThat(delivered).extracting(Receiver.Post::eventId).doesNotHaveDuplicates();
        assertThat(receiver.posts().size()).as("attempts reached the receiver while it answered 500")
                .isGreaterThan(3);
        // every attempt of an event carried the same event id and body
        Map<String, Set<String>> bodies = receiver.posts().stream().collect(Collectors.groupingBy(
                Receiver.Post::eventId, Collectors.mapping(Receiver.Post::body, Collectors.toSet())));
        assertThat(bodies.values()).allSatisfy(b -> assertThat(b).hasSize(1));
    }

    @Test
    void a_delivery_failing_past_its_age_is_dead_and_can_be_redelivered_with_the_same_event() {
        String tenantId = api.tenant("Callback dead");
        subscribe(tenantId, receiver.url(), "message.sent");
        Api tenant = api.as(api.keyOf(tenantId));
        receiver.answering(503);
        sentMessage(tenantId, uniqueWamid());
        await().atMost(Duration.ofSeconds(10)).until(() -> failedWith(tenantId, "HTTP 503") == 1);
        // CALLBACK_MAX_AGE is 24 h: this delivery's age runs out in a second instead
        jdbc.update("UPDATE callback_deliveries SET expires_at = now() + interval '1 second' WHERE tenant_id = ?::uuid",
                tenantId);

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(tenantId, "dead") == 1);
        JsonNode dead = tenant.get("/callbacks/deliveries?status=dead").data().get(0);
        assertThat(dead.path("type").asText()).isEqualTo("message.sent");
        assertThat(dead.path("last_status_code").asInt()).isEqualTo(503);
        assertThat(dead.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        // Prometheus: the failed posts counted by outcome and type, and the dead one among all instances' figures
        await().atMost(Duration.ofSeconds(5)).until(() -> metric("callback_deliveries_dead") >= 1);
        assertThat(metric("callback_deliveries_total{outcome=\"failed\",type=\"message.sent\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(api.get("/actuator/prometheus").raw()).contains("callback_delivery_duration_seconds_bucket");
        int attemptsWhenDead = receiver.posts().size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.posts().size() == attemptsWhenDead);

        receiver.answering(200);
        Api.Response again = tenant.post("/callbacks/deliveries/" + dead.path("id").asText() + "/redeliver", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data().path("status").asText()).isEqualTo("pending");
        assertThat(again.data().path("attempts").asInt()).as("counted afresh: the backoff starts over").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == 1);
        assertThat(receiver.delivered().get(0).eventId()).isEqualTo(dead.path("event_id").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries(tenantId, "delivered") == 1);

        Api.Response twice = tenant.post("/callbacks/deliveries/" + dead.path("id").asText() + "/redeliver", "");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.errorCode()).isEqualTo("INVALID_STATE");
        String other = api.tenant("Callback other");
        Api.Response notTheirs = api.as(api.keyOf(other))
                .post("/callbacks/deliveries/" + dead.path("id").asText() + "/redeliver", "");
        assertThat(notTheirs.errorCode()).isEqualTo("DELIVERY_NOT_FOUND");
    }

    @Test
    void five_failures_in_a_row_pause_the_endpoint_then_one_probe_decides() {
        String tenantId = api.tenant("Callback circuit");
        subscribe(tenantId, receiver.url(), "message.sent");
        receiver.answering(500);
        for (int i = 0; i < 8; i++) {
            sentMessage(tenantId, uniqueWamid());
        }
        // the fifth failure in a row pauses the endpoint; posts already under way end, then nothing more is posted
        await().atMost(Duration.ofSeconds(10)).until(() -> paused(tenantId));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.posts().size() == attempts(tenantId));
        int atPause = receiver.posts().size();
        assertThat(atPause).isGreaterThanOrEqualTo(5);
        Instant pausedUntil = jdbc.queryForObject("SELECT paused_until FROM tenant_callbacks WHERE tenant_id = ?::uuid",
                java.sql.Timestamp.class, tenantId).toInstant();
        await().until(() -> Instant.now().isAfter(pausedUntil.minusMillis(300)));
        assertThat(receiver.posts().size()).as("nothing posted while paused").isEqualTo(atPause);

        // the probe fails: paused again after exactly one post
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.posts().size() == atPause + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> paused(tenantId));
        assertThat(receiver.posts().size()).isEqualTo(atPause + 1);

        receiver.answering(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(tenantId, "delivered") == 8);
        assertThat(receiver.delivered()).extracting(Receiver.Post::eventId).hasSize(8).doesNotHaveDuplicates();
        assertThat(paused(tenantId)).isFalse();
    }

    @Test
    void a_hanging_endpoint_does_not_delay_another_tenants_events() {
        String slowTenant = api.tenant("Callback hanging");
        subscribe(slowTenant, receiver.url(), "message.delivered");
        receiver.hanging(Duration.ofSeconds(30));
        List<String> wamids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            wamids.add(uniqueWamid());
            sentMessage(slowTenant, wamids.get(i));
        }
        // one webhook reports all twelve delivered: twelve events at once, of which the tenant's share (8) is posted
        webhook(MetaPayloads.bytes(deliveredAll(wamids)));
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight(slowTenant) == 8);

        try (Receiver fast = new Receiver()) {
            String fastTenant = api.tenant("Callback fast");
            subscribe(fastTenant, fast.url(), "message.sent");
            for (int i = 0; i < 5; i++) {
                Instant sent = Instant.now();
                sentMessage(fastTenant, uniqueWamid());
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(2)).until(() -> fast.delivered().size() == expected);
                assertThat(Duration.between(sent, fast.delivered().get(i).at())).isLessThan(Duration.ofSeconds(2));
            }
        }
        // the slow tenant's posts were hanging all along: they time out (CALLBACK_TIMEOUT, 1 s here)
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject("SELECT count(*) FROM"
                + " callback_deliveries WHERE tenant_id = ?::uuid AND last_error LIKE 'CALLBACK_TIMEOUT%'", Long.class,
                slowTenant) > 0);
    }

    /** One webhook payload with a delivered status for each of these WhatsApp ids. */
    private static ObjectNode deliveredAll(List<String> wamids) {
        ObjectNode tree = MetaPayloads.status("webhook_status_delivered_biz_opaque_callback_data.json", wamids.get(0),
                Instant.now().getEpochSecond());
        ArrayNode statuses = (ArrayNode) MetaPayloads.value(tree).path("statuses");
        for (String wamid : wamids.subList(1, wamids.size())) {
            statuses.add(((ObjectNode) statuses.get(0).deepCopy()).put("id", wamid));
        }
        return tree;
    }

    @Test
    void one_tenant_has_at_most_its_share_of_posts_in_flight() {
        String tenantId = api.tenant("Callback share");
        subscribe(tenantId, receiver.url(), "message.sent");
        receiver.delaying(Duration.ofMillis(300));
        for (int i = 0; i < 30; i++) {
            sentMessage(tenantId, uniqueWamid());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(tenantId, "delivered") == 30);
        assertThat(receiver.mostInFlight()).as("CALLBACK_CONCURRENCY_PER_TENANT").isBetween(2, 8);
    }

    @Test
    void removing_the_endpoint_cancels_what_is_pending() {
        String tenantId = api.tenant("Callback removed");
        subscribe(tenantId, receiver.url(), "message.sent");
        receiver.answering(500);
        sentMessage(tenantId, uniqueWamid());
        sentMessage(tenantId, uniqueWamid());
        await().atMost(Duration.ofSeconds(10)).until(() -> failedWith(tenantId, "HTTP 500") == 2);

        Api.Response removed = api.delete("/tenants/" + tenantId + "/callback");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.data().path("cancelled_deliveries").asInt()).isEqualTo(2);
        assertThat(deliveries(tenantId, "cancelled")).isEqualTo(2);
        int posted = receiver.posts().size();
        sentMessage(tenantId, uniqueWamid());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.posts().size() == posted);
        assertThat(deliveries(tenantId, "pending")).as("no endpoint: no event").isZero();
    }

    private long failedWith(String tenantId, String error) {
        return jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid"
                + " AND status = 'pending' AND attempts > 0 AND last_error LIKE ?", Long.class, tenantId, error);
    }

    /** A figure of /actuator/prometheus (the operator key): the value of the first line starting with {@code name}. */
    private double metric(String name) {
        return api.get("/actuator/prometheus").raw().lines().filter(line -> line.startsWith(name))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(-1);
    }

    private boolean paused(String tenantId) {
        return jdbc.queryForObject("SELECT paused_until > now() FROM tenant_callbacks WHERE tenant_id = ?::uuid",
                Boolean.class, tenantId) == Boolean.TRUE;
    }

    private long attempts(String tenantId) {
        return jdbc.queryForObject("SELECT coalesce(sum(attempts), 0) FROM callback_deliveries"
                + " WHERE tenant_id = ?::uuid", Long.class, tenantId);
    }

    private long inFlight(String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid"
                + " AND lease_until > now()", Long.class, tenantId);
    }
}
