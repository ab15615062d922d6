package dev.wagateway.message;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.redelivery.Backlog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled sends ({@code sendAt}) and {@code POST /messages/{id}/cancel}, end to end with the real redelivery route
 * (the test profile polls every 250 ms) and the Graph API stub: a scheduled message is not sent before its time and
 * is sent by redelivery then; a cancelled one is never sent, even against a racing claim.
 */
class ScheduleAndCancelTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    /** MESSAGE_TTL in the test profile: the default. */
    private static final Duration TTL = Duration.ofHours(24);

    private String tenantId;
    private String contactId;

    @BeforeEach
    void aContactAndWhatsAppAccepting() {
        tenantId = api.tenant("Scheduler");
        contactId = api.contact(tenantId, uniquePhone());
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
    }

    private Api.Response send(String message, String sendAt) {
        Map<String, Object> body = new HashMap<>(Map.of("tenantId", tenantId, "contactId", contactId,
                "message", message));
        if (sendAt != null) {
            body.put("sendAt", sendAt);
        }
        return api.post("/messages/send", Api.json(body));
    }

    private Api.Response cancel(String id) {
        return api.post("/messages/" + id + "/cancel", "");
    }

    /** Calls at the stub for the text {@code content} (the whole text: "Race 1" is not "Race 12"). */
    private int callsFor(String content) {
        return GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(containing("\"" + content + "\""))).size();
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, id);
    }

    /** {@code at} written in RFC 3339 with a +01:00 offset, as a caller in that zone would. */
    private static String rfc3339(Instant at) {
        return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.ofHours(1)).toString();
    }

    private long messages() {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantId);
    }

    @Test
    void a_send_at_in_the_past_is_sent_now() {
        Api.Response sent = send("Past schedule", rfc3339(Instant.now().minus(Duration.ofHours(1))));

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        assertThat(sent.data().path("scheduled_at").isNull()).isTrue();
        assertThat(callsFor("Past schedule")).isEqualTo(1);
    }

    @Test
    void a_future_send_at_is_queued_unattempted_then_sent_by_redelivery_when_due() {
        Instant sendAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);

        Api.Response queued = send("Scheduled hello", rfc3339(sendAt));

        assertThat(queued.status()).as(queued.raw()).isEqualTo(201);
        assertThat(queued.data().path("status").asText()).isEqualTo("queued");
        assertThat(queued.data().path("attempts").asInt()).isZero();
        assertThat(Instant.parse(queued.data().path("scheduled_at").asText())).isEqualTo(sendAt);
        String id = queued.data().path("id").asText();
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid", id);
        assertThat(row.get("lease_owner")).isNull();
        assertThat(((Timestamp) row.get("next_attempt_at")).toInstant()).isEqualTo(sendAt);
        assertThat(((Timestamp) row.get("scheduled_at")).toInstant()).isEqualTo(sendAt);
        assertThat(((Timestamp) row.get("expires_at")).toInstant()).isEqualTo(sendAt.plus(TTL));
        Api.Response shown = api.get("/messages/" + id);
        assertThat(Instant.parse(shown.data().path("scheduled_at").asText())).isEqualTo(sendAt);
        assertThat(Instant.parse(shown.data().path("expires_at").asText())).isEqualTo(sendAt.plus(TTL));

        // not before its time...
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> callsFor("Scheduled hello") == 0);
        assertThat(status(id)).isEqualTo("queued");
        // ...and once then
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(status(id)));
        assertThat(callsFor("Scheduled hello")).isEqualTo(1);
        Timestamp sentAt = jdbc.queryForObject("SELECT sent_at FROM messages WHERE id = ?::uuid", Timestamp.class, id);
        assertThat(sentAt.toInstant()).isAfterOrEqualTo(sendAt);
    }

    @Test
    void a_send_at_too_far_ahead_without_an_offset_or_malformed_is_refused_and_nothing_stored() {
        for (String sendAt : List.of(rfc3339(Instant.now().plus(Duration.ofDays(31))), "2026-12-01T09:00:00",
                "tomorrow", "2026-12-01 09:00:00+01:00", "2026-13-01T09:00:00Z", "")) {
            Api.Response refused = send("Never", sendAt);
            assertThat(refused.status()).as(sendAt).isEqualTo(400);
            assertThat(refused.errorCode()).as(sendAt).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(messages()).isZero();
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
        // 29 days ahead is fine (SCHEDULE_MAX_AHEAD: 30 days)
        assertThat(send("Later", rfc3339(Instant.now().plus(Duration.ofDays(29)))).status()).isEqualTo(201);
    }

    @Test
    void a_cancelled_scheduled_message_is_never_sent() {
        Instant sendAt = Instant.now().plusSeconds(2);
        String id = send("Cancel me", rfc3339(sendAt)).data().path("id").asText();

        Api.Response cancelled = cancel(id);

        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.data().path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.data().path("next_attempt_at").isNull()).isTrue();
        assertThat(status(id)).isEqualTo("cancelled");
        // past its due time, redelivery has polled several times: still nothing sent
        await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(4)).until(() -> callsFor("Cancel me") == 0);
        assertThat(status(id)).isEqualTo("cancelled");
        assertThat(api.get("/messages/" + id).data().path("status").asText()).isEqualTo("cancelled");
        assertThat(api.get("/messages?tenantId=" + tenantId + "&status=cancelled").data().get(0).path("id").asText())
                .isEqualTo(id);
        // terminal: neither cancelled again nor retried
        assertThat(cancel(id).status()).isEqualTo(409);
        assertThat(api.post("/messages/" + id + "/retry", "").status()).isEqualTo(409);
    }

    @Test
    void a_sent_message_cannot_be_cancelled() {
        String id = send("Already sent", null).data().path("id").asText();

        Api.Response refused = cancel(id);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
        assertThat(status(id)).isEqualTo("sent");
    }

    @Test
    void a_message_being_sent_cannot_be_cancelled() {
        Backlog backlog = new Backlog(jdbc, tenantId, contactId);
        String inImmediateAttempt = backlog.queuedLeased("Leased", "test-other");
        String claimed = backlog.sending("Claimed", "test-other");

        for (String id : List.of(inImmediateAttempt, claimed)) {
            Api.Response refused = cancel(id);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("INVALID_STATE");
        }
        assertThat(status(inImmediateAttempt)).isEqualTo("queued");
        assertThat(status(claimed)).isEqualTo("sending");
        // their leases would run out in a minute, and a later test's stub would get them
        jdbc.update("UPDATE messages SET status = 'failed', lease_owner = NULL, lease_until = NULL,"
                + " next_attempt_at = NULL WHERE id IN (?::uuid, ?::uuid)", inImmediateAttempt, claimed);
    }

    @Test
    void another_tenants_or_an_unknown_message_is_not_found() {
        String id = send("Mine", rfc3339(Instant.now().plus(Duration.ofHours(1)))).data().path("id").asText();
        String otherTenant = api.tenant("Other");

        Api.Response foreign = api.as(api.keyOf(otherTenant)).post("/messages/" + id + "/cancel", "");
        Api.Response unknown = cancel("3f1c2b4a-0000-4000-8000-000000000000");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(status(id)).isEqualTo("queued");
    }

    /**
     * A due queued message and a cancel sent while redelivery's poll may be claiming it, 50 times: each ends either
     * cancelled with no call at the stub, or sent once with the cancel refused (409); never both.
     */
    @Test
    void a_cancel_racing_the_redelivery_claim_never_ends_cancelled_and_sent() throws Exception {
        Backlog backlog = new Backlog(jdbc, tenantId, contactId);
        record Round(String id, String content, int answer) {
        }
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String content = "Race " + i + " " + ThreadLocalRandom.current().nextInt(1_000_000);
            String id = backlog.queued(content, 0);
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 300)); // the poll runs every 250 ms
            rounds.add(new Round(id, content, cancel(id).status()));
        }
        // whatever was claimed has been sent before we look
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject("SELECT count(*) FROM messages"
                + " WHERE tenant_id = ?::uuid AND status IN ('queued', 'sending')", Long.class, tenantId) == 0);
        Thread.sleep(1000);

        int won = 0;
        int lost = 0;
        for (Round round : rounds) {
            String status = status(round.id());
            int calls = callsFor(round.content());
            if (round.answer() == 200) {
                won++;
                assertThat(status).as(round.content()).isEqualTo("cancelled");
                assertThat(calls).as(round.content() + ": cancelled yet sent").isZero();
            } else {
                lost++;
                assertThat(round.answer()).as(round.content()).isEqualTo(409);
                assertThat(status).as(round.content()).isEqualTo("sent");
                assertThat(calls).as(round.content()).isEqualTo(1);
            }
        }
        // both sides of the race were seen
        assertThat(won).as("cancels that won").isPositive();
        assertThat(lost).as("cancels that lost").isPositive();
    }
}
