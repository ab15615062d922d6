package dev.wagateway.monitoring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.Scrape;
import dev.wagateway.ingest.Inbox;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What /actuator/prometheus says (scraped with the operator key, as Prometheus does) against what was done: sends by
 * outcome and code, Graph API latency, webhook events, file rows, the circuits, and the cluster-wide queue figures
 * against PostgreSQL. The context is shared, so each figure is compared before and after; the redelivery route is
 * suspended meanwhile, so only this test's sends reach WhatsApp.
 */
class PrometheusMetricsTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    @BeforeEach
    void onlyThisTestSends() throws Exception {
        camelContext.getRouteController().suspendRoute("redelivery");
    }

    @AfterEach
    void redeliveryAgain() throws Exception {
        camelContext.getRouteController().resumeRoute("redelivery");
    }

    @Test
    void sends_are_counted_by_outcome_and_code_and_graph_calls_are_timed() {
        String tenantId = api.tenant("Metered");
        String ok = api.contact(tenantId, uniquePhone());
        String flaky = uniquePhone();
        String refused = uniquePhone();
        String flakyId = api.contact(tenantId, flaky);
        String refusedId = api.contact(tenantId, refused);
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(flaky.substring(1)))
                .willReturn(aResponse().withStatus(500)));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(refused.substring(1)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(fixture("error_131009_parameter_not_valid.json"))));
        Scrape before = scrape();

        for (int i = 0; i < 3; i++) {
            assertThat(api.send(tenantId, ok, "hello " + i).data().path("status").asText()).isEqualTo("sent");
        }
        assertThat(api.send(tenantId, flakyId, "flaky").data().path("status").asText()).isEqualTo("queued");
        assertThat(api.send(tenantId, refusedId, "refused").data().path("status").asText()).isEqualTo("failed");
        jdbc.update("UPDATE messages SET status = 'cancelled' WHERE tenant_id = ?::uuid AND status = 'queued'",
                tenantId); // the flaky one: not retried in a later test

        Scrape after = scrape();
        assertThat(after.delta(before, "whatsapp_sends_total", "outcome", "sent", "code", "none")).isEqualTo(3);
        assertThat(after.delta(before, "whatsapp_sends_total", "outcome", "queued", "code", "HTTP_500")).isEqualTo(1);
        assertThat(after.delta(before, "whatsapp_sends_total", "outcome", "failed", "code", "131009")).isEqualTo(1);
        assertThat(after.delta(before, "whatsapp_message_time_to_sent_seconds_count")).isEqualTo(3);
        assertThat(after.delta(before, "whatsapp_graph_request_seconds_count", "operation", "send", "outcome",
                "success")).isEqualTo(3);
        assertThat(after.delta(before, "whatsapp_graph_request_seconds_count", "operation", "send", "outcome",
                "server_error")).isEqualTo(1);
        assertThat(after.delta(before, "whatsapp_graph_request_seconds_count", "operation", "send", "outcome",
                "client_error")).isEqualTo(1);
        assertThat(after.text()).as("percentile buckets for histogram_quantile").containsPattern(
                "whatsapp_graph_request_seconds_bucket\\{[^}]*operation=\"send\"[^}]*le=\"[0-9.]+\"");
        assertThat(after.delta(before, "whatsapp_throttle_wait_seconds_count")).as("each call took its turn")
                .isEqualTo(5);
        assertThat(after.delta(before, "http_server_requests_seconds_count", "uri", "/messages/send", "method", "POST",
                "status", "201")).as("API requests by the contract's path").isEqualTo(5);
        assertThat(after.text()).doesNotContain("matchOnUriPrefix");
    }

    @Test
    void a_deferral_by_our_own_limiter_is_counted_as_one_not_as_an_attempt() {
        String paced = uniquePhone();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(paced)).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                         "type": "OAuthException", "code": 131056, "fbtrace_id": "AbCdEf"}}""")));
        String tenantId = api.tenant("Metered pacing");
        String contactId = api.contact(tenantId, paced);
        Scrape before = scrape();

        assertThat(api.send(tenantId, contactId, "first").data().path("status").asText()).isEqualTo("queued");
        assertThat(api.send(tenantId, contactId, "second").data().path("status").asText()).isEqualTo("queued");
        jdbc.update("UPDATE messages SET status = 'cancelled' WHERE tenant_id = ?::uuid", tenantId);

        Scrape after = scrape();
        assertThat(after.delta(before, "whatsapp_sends_total", "outcome", "queued", "code", "131056"))
                .as("the call Meta refused").isEqualTo(1);
        assertThat(after.delta(before, "whatsapp_throttle_deferrals_total", "code", "PAIR_RATE_LIMIT"))
                .as("the one held back after it").isEqualTo(1);
        assertThat(after.delta(before, "whatsapp_sends_total")).as("a deferral is no attempt").isEqualTo(1);
    }

    @Test
    void read_receipts_and_uploads_are_timed_as_their_operations_and_a_tenant_numbers_circuit_is_its_own_series() {
        String tenantId = api.tenant("Metered number");
        String numberId = String.valueOf(6_000_000_000L + (System.nanoTime() % 1_000_000_000L));
        api.ownNumber(tenantId, numberId, "own-token-of-" + numberId);
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + numberId + "/media")).willReturn(okJson("{\"id\":\"77\"}")));
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + numberId + "/messages")).willReturn(okJson(
                fixture("send_response_success.json"))));
        String contactId = api.contact(tenantId, uniquePhone());
        String received = customerWrote(tenantId, contactId, "wamid." + UUID.randomUUID());
        Scrape before = scrape();

        String boundary = "----metered-" + UUID.randomUUID();
        byte[] upload = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\""
                + "\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(api.as(api.keyOf(tenantId)).post("/media", upload,
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary)).status()).isEqualTo(201);
        assertThat(api.as(api.keyOf(tenantId)).post("/messages/" + received + "/read", "").status()).isEqualTo(200);
        assertThat(api.send(tenantId, contactId, "from its own number").data().path("status").asText())
                .isEqualTo("sent");

        Scrape after = scrape();
        assertThat(after.delta(before, "whatsapp_graph_request_seconds_count", "operation", "media_upload",
                "outcome", "success")).isEqualTo(1);
        assertThat(after.delta(before, "whatsapp_graph_request_seconds_count", "operation", "read_receipt",
                "outcome", "success")).isEqualTo(1);
        assertThat(after.value("resilience4j_circuitbreaker_state", "name", "phone-number-id-" + numberId, "state",
                "closed")).as("the number's own circuit, from its first send").isEqualTo(1);
    }

    @Test
    void webhook_events_are_counted_by_kind_once_processed() {
        Scrape before = scrape();
        byte[] inbound = bytes(MetaPayloads.inbound("webhook_inbound_text_captured.json", uniquePhone(),
                "wamid." + UUID.randomUUID(), Instant.now().getEpochSecond()));
        byte[] status = bytes(MetaPayloads.status("webhook_status_read_minimal.json", "wamid." + UUID.randomUUID(),
                Instant.now().getEpochSecond()));
        assertThat(api.post("/webhooks/whatsapp", inbound, Map.of("X-Hub-Signature-256", sign(inbound))).status())
                .isEqualTo(200);
        assertThat(api.post("/webhooks/whatsapp", status, Map.of("X-Hub-Signature-256", sign(status))).status())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().delta(before, "webhook_events_total", "kind",
                "status") >= 1 && scrape().delta(before, "webhook_events_total", "kind", "message") >= 1);
        Scrape after = scrape();
        assertThat(after.delta(before, "webhook_events_total", "kind", "message")).isEqualTo(1);
        assertThat(after.delta(before, "webhook_events_total", "kind", "status")).isEqualTo(1);
    }

    @Test
    void file_rows_are_counted_by_result() {
        String tenantId = api.tenant("Metered file");
        String contactId = api.contact(tenantId, uniquePhone());
        Scrape before = scrape();

        String name = Inbox.drop(Inbox.uniqueName("metered", "csv"), String.join("\n", "tenantId,contactId,message",
                tenantId + "," + contactId + ",one", tenantId + "," + contactId + ",two",
                tenantId + "," + UUID.randomUUID() + ",nobody"));
        Inbox.awaitReport(".done", name);
        jdbc.update("UPDATE messages SET status = 'cancelled' WHERE tenant_id = ?::uuid AND status = 'queued'",
                tenantId); // not sent by later tests

        Scrape after = scrape();
        assertThat(after.delta(before, "file_rows_total", "result", "accepted")).isEqualTo(2);
        assertThat(after.delta(before, "file_rows_total", "result", "rejected")).isEqualTo(1);
    }

    @Test
    void circuits_are_resilience4js_own_series_and_the_cluster_figures_are_postgresqls() throws Exception {
        Scrape scrape = scrape();
        assertThat(scrape.value("resilience4j_circuitbreaker_state", "name", "global", "state", "closed"))
                .isEqualTo(1);
        assertThat(scrape.value("resilience4j_circuitbreaker_state", "name", "global", "state", "open")).isZero();
        assertThat(scrape.text()).contains("whatsapp_redelivery_claims_in_flight ");

        String tenantId = api.tenant("Metered queue");
        String contactId = api.contact(tenantId, uniquePhone());
        jdbc.update("""
                INSERT INTO conversations (id, tenant_id, contact_id, created_at, last_message_at)
                VALUES (gen_random_uuid(), ?::uuid, ?::uuid, now(), now()) ON CONFLICT DO NOTHING""", tenantId,
                contactId);
        jdbc.update("""
                INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, direction,
                    metadata, created_at, updated_at, expires_at, attempts, next_attempt_at)
                SELECT gen_random_uuid(), c.tenant_id, c.id, c.contact_id, 'text', 'waiting', 'queued', 'outbound',
                    '{}'::jsonb, now() - interval '1 hour', now(), now() + interval '1 day', 0,
                    now() - interval '10 minutes'
                FROM conversations c WHERE c.tenant_id = ?::uuid AND c.contact_id = ?::uuid""", tenantId, contactId);
        try {
            Thread.sleep(600); // past monitoring.cache (test profile)
            long queued = jdbc.queryForObject("SELECT count(*) FROM messages WHERE status = 'queued'", Long.class);
            long sending = jdbc.queryForObject("SELECT count(*) FROM messages WHERE status = 'sending'", Long.class);
            long pending = jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE status = 'pending'",
                    Long.class);
            scrape = scrape();
            assertThat(scrape.value("whatsapp_queue_depth", "scope", "cluster", "status", "queued")).isEqualTo(queued);
            assertThat(scrape.value("whatsapp_queue_depth", "scope", "cluster", "status", "sending"))
                    .isEqualTo(sending);
            assertThat(scrape.value("whatsapp_queue_oldest_due_age_seconds", "scope", "cluster"))
                    .as("at least the 10 minutes our message has been due").isGreaterThanOrEqualTo(600);
            assertThat(scrape.value("whatsapp_webhook_lag_seconds", "scope", "cluster")).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("callback_deliveries_pending", "scope", "cluster")).isEqualTo(pending);
            assertThat(scrape.text()).contains("callback_deliveries_dead{scope=\"cluster\"}");
        } finally {
            jdbc.update("UPDATE messages SET status = 'cancelled' WHERE tenant_id = ?::uuid", tenantId);
        }
    }

    private Scrape scrape() {
        return Scrape.of(api);
    }
}
