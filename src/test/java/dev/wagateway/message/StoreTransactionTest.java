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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.whatsapp.DeliverySwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code POST /messages/send} up to its commit as PostgreSQL sees it: the store is one transaction (PostgreSQL's
 * own transaction ids count the commits), a failure at its commit leaves nothing behind (a trigger the test installs
 * makes the commit fail), and once the message is committed the caller gets 201 whatever fails after — with the
 * message WhatsApp accepted answered {@code sent}, even when recording that in the database failed.
 */
class StoreTransactionTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private static final String WAMID = "wamid.TESTGAsxNTU1MDAwMTExMRUCABEYElRFU1RPVVQx"; // send_response_success.json
    /**
     * Most rounds of the transaction count: the shared context's background writes (and the server's other
     * databases') only add to a round's count, so the least count of the rounds is the send's own.
     */
    private static final int MAX_ROUNDS = 40;
    private static final String FAULT = "store_transaction_test_fault";

    private final List<String> tenants = new ArrayList<>();

    /** The clustered scheduler of the redelivery polls: each firing is several write transactions of its own. */
    @Autowired
    private Scheduler quartz;

    @AfterEach
    void deliveryOnAndNothingLeftBehind() throws Exception {
        // the kill-switch back on, and this test's messages out of redelivery's way (an immediate attempt that was
        // never made leaves them queued, due now): delivered to a stub that accepts them, so that no later test's
        // stub sees them
        dropFault();
        camelContext.getRouteController().resumeRoute(DeliverySwitch.DELIVERY_ROUTE);
        if (quartz.isInStandbyMode()) {
            quartz.start();
        }
        if (tenants.stream().anyMatch(t -> queued(t) > 0)) {
            whatsAppAcceptsEverySend();
            await().atMost(Duration.ofSeconds(15)).until(() -> tenants.stream().allMatch(t -> queued(t) == 0));
        }
    }

    private String tenant(String name) {
        String tenantId = api.tenant(name);
        tenants.add(tenantId);
        return tenantId;
    }

    private long queued(String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND status = 'queued'",
                Long.class, tenantId);
    }

    /** PostgreSQL's next transaction id: one more for each transaction that wrote. Reading it assigns none. */
    private long nextTransactionId() {
        return jdbc.queryForObject("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class);
    }

    @Test
    void the_store_is_one_write_transaction_holding_the_message_and_its_new_conversation() throws Exception {
        String tenantId = tenant("One commit");
        // no immediate attempt: what PostgreSQL sees of the send is the store alone; and no redelivery polls (their
        // Quartz firings write) while counting
        camelContext.getRouteController().suspendRoute(DeliverySwitch.DELIVERY_ROUTE);
        quartz.standby();
        List<Long> writeTransactions = new ArrayList<>();
        List<Map<String, Object>> writers = new ArrayList<>();
        // a round with nothing else writing shows the send's own count; one at 1 or below ends the search (a second
        // transaction of the send would show in every round)
        for (int round = 0; round < MAX_ROUNDS && (writeTransactions.isEmpty()
                || Collections.min(writeTransactions) > 1); round++) {
            String contactId = api.contact(tenantId, uniquePhone()); // a new contact: the send opens its conversation

            long before = nextTransactionId();
            Api.Response response = api.send(tenantId, contactId, "one commit " + round);
            long after = nextTransactionId();

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.data().path("status").asText()).isEqualTo("queued");
            writeTransactions.add(after - before);
            // what the one transaction wrote: the message, in the contact's conversation, both there, and both last
            // written by the same transaction (a row's xmin: the id of the transaction that wrote that version)
            writers.add(jdbc.queryForMap("SELECT m.xmin::text AS message, c.xmin::text AS conversation"
                    + " FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?::uuid"
                    + " AND m.status = 'queued' AND c.tenant_id = ?::uuid AND c.contact_id = ?::uuid",
                    response.data().path("id").asText(), tenantId, contactId));
        }
        System.out.printf("%nWrite transactions seen by PostgreSQL during each send (delivery off, new contact): %s;"
                + " the transactions that wrote the message and its conversation: %s%n%n", writeTransactions, writers);
        // other work of the shared context (and of the server) only adds transaction ids: the least of the rounds is
        // the send's own count
        assertThat(Collections.min(writeTransactions))
                .as("write transactions of one send (least of the rounds: %s)", writeTransactions)
                .isEqualTo(1L);
        assertThat(writers).as("message and conversation written by one transaction").allSatisfy(written ->
                assertThat(written.get("conversation")).isEqualTo(written.get("message")));
    }

    @Test
    void a_failure_at_commit_leaves_neither_the_message_nor_its_conversation_and_nothing_reaches_whatsapp() {
        String tenantId = tenant("Rollback");
        String contactId = api.contact(tenantId, uniquePhone());
        String marker = "fail-at-commit-" + UUID.randomUUID();
        whatsAppAcceptsEverySend();
        // PostgreSQL refuses this message at COMMIT (a deferred constraint trigger): after every statement of the
        // store has run, the conversation's included
        installFault("AFTER INSERT ON messages DEFERRABLE INITIALLY DEFERRED", "NEW", marker, true);

        Api.Response response = api.send(tenantId, contactId, marker);

        assertThat(response.status()).as("a failure of ours, answered: %s", response.raw()).isBetween(500, 599);
        assertThat(response.json().path("success").isBoolean()).as("the API's envelope, not an error page: %s",
                response.raw()).isTrue();
        assertThat(response.json().path("success").asBoolean()).isFalse();
        assertThat(response.errorCode()).isNotBlank();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE content = ?", Long.class, marker))
                .as("the message rolled back").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid"
                + " AND contact_id = ?::uuid", Long.class, tenantId, contactId))
                .as("the conversation opened for it rolled back with it").isZero();
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(marker)));
    }

    @Test
    void whatsapps_acceptance_is_answered_201_sent_even_when_recording_it_in_the_database_fails() {
        String tenantId = tenant("Unrecorded");
        String contactId = api.contact(tenantId, uniquePhone());
        String marker = "fail-at-update-" + UUID.randomUUID();
        whatsAppAcceptsEverySend();
        // the message is stored; every later UPDATE of it fails: recording `sent` after WhatsApp accepted it
        installFault("BEFORE UPDATE ON messages", "OLD", marker, false);
        try {
            Api.Response response = api.send(tenantId, contactId, marker);

            assertThat(response.status()).as(response.raw()).isEqualTo(201);
            assertThat(response.json().path("success").asBoolean()).isTrue();
            assertThat(response.data().path("status").asText()).as("WhatsApp has it").isEqualTo("sent");
            assertThat(response.data().path("external_message_id").asText()).isEqualTo(WAMID);
            assertThat(response.data().path("content").asText()).isEqualTo(marker);
            GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(marker)));
            // the database could not be told: the message stays as stored, leased to this instance (redelivery sends
            // it again, marked a possible duplicate, when the lease runs out)
            Map<String, Object> row = jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid",
                    response.data().path("id").asText());
            assertThat(row).containsEntry("content", marker).containsEntry("status", "queued")
                    .containsEntry("external_message_id", null).containsEntry("lease_owner", "test-a");
            assertThat(((Timestamp) row.get("lease_until")).toInstant()).isAfter(Instant.now());
        } finally {
            // recorded now as the service would have, so that redelivery does not send it again in a later test
            dropFault();
            jdbc.update("UPDATE messages SET status = 'sent', external_message_id = ?, sent_at = now(), attempts = 1,"
                    + " lease_until = NULL, lease_owner = NULL, next_attempt_at = NULL WHERE content = ?",
                    WAMID, marker);
        }
    }

    @Test
    void a_transient_failure_of_the_immediate_attempt_is_answered_201_queued_as_the_database_has_it() {
        String tenantId = tenant("Transient");
        String contactId = api.contact(tenantId, uniquePhone());
        String text = "transient-" + UUID.randomUUID();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\","
                        + "\"code\":1}}")));

        Api.Response response = api.send(tenantId, contactId, text);

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).isEqualTo("queued");
        assertThat(response.data().path("external_message_id").isNull()).isTrue();
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(text)));
        // the answer (built from what the route knows, not read back) is what the database holds
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid",
                response.data().path("id").asText());
        assertThat(row).containsEntry("status", "queued").containsEntry("content", text);
        assertThat(response.data().path("attempts").asInt()).isEqualTo((Integer) row.get("attempts")).isEqualTo(1);
        assertThat(Instant.parse(response.data().path("created_at").asText()))
                .isEqualTo(((Timestamp) row.get("created_at")).toInstant());
        assertThat(response.data().path("conversation_id").asText()).isEqualTo(row.get("conversation_id").toString());
    }

    /**
     * A trigger that raises for the one message whose content is {@code marker} ({@code row}: NEW or OLD), as a
     * deferred constraint trigger (it fires at COMMIT) or a plain one. The test role owns the tables.
     */
    private void installFault(String when, String row, String marker, boolean constraint) {
        dropFault();
        jdbc.execute("CREATE FUNCTION " + FAULT + "() RETURNS trigger AS $$ BEGIN IF " + row + ".content = '"
                + marker + "' THEN RAISE EXCEPTION 'fault injected by StoreTransactionTest'; END IF; RETURN " + row
                + "; END $$ LANGUAGE plpgsql");
        jdbc.execute("CREATE " + (constraint ? "CONSTRAINT " : "") + "TRIGGER " + FAULT + " " + when
                + " FOR EACH ROW EXECUTE FUNCTION " + FAULT + "()");
    }

    private void dropFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS " + FAULT + " ON messages");
        jdbc.execute("DROP FUNCTION IF EXISTS " + FAULT + "()");
    }

    /** The stub answers every send as Meta does when it accepts a message. */
    private static void whatsAppAcceptsEverySend() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
    }
}
