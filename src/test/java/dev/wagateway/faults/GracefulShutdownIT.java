package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while sends are in flight (WhatsApp answering in 1 s) and a backlog drains: the service takes no new
 * request, finishes the sends it started, releases what it holds, and exits within 30 s. Nothing WhatsApp accepted is
 * left unrecorded, nothing stays leased, nothing acknowledged is lost.
 */
class GracefulShutdownIT extends FaultTest {

    private static final String INSTANCE = "faults-graceful";

    @Test
    void sigterm_finishes_in_flight_sends_releases_the_rest_and_exits_within_30_seconds() throws Exception {
        FaultsEnvironment.accepts(graph, 1_000);
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, INSTANCE);
        env.put("WHATSAPP_TIMEOUT_MS", "3000");
        Senders senders;
        String tenantId;
        long exitMillis;
        try (ServiceProcess service = ServiceProcess.start("graceful", env)) {
            Api api = new Api(service.baseUrl());
            tenantId = api.tenant("Graceful");
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, 10);
            FaultsEnvironment.backlog(jdbc, tenantId, contacts, "backlog", 2_000);
            senders = Senders.start(4, api, tenantId, contacts, 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> graph.getAllServeEvents().size() >= 150
                    && senders.acknowledged.size() >= 8);

            long stopAt = System.nanoTime();
            boolean exited = service.terminate(Duration.ofSeconds(30));
            exitMillis = (System.nanoTime() - stopAt) / 1_000_000;
            senders.stop();
            assertThat(exited).as("exited within 30 s of SIGTERM").isTrue();
            assertThat(service.output()).contains("Stopping: ");
        }

        // nothing left leased to the stopped instance: claimed messages sent or queued again
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE lease_owner = ?", Integer.class, INSTANCE))
                .isZero();
        assertThat(count(tenantId, "status = 'sending'")).isZero();
        // everything WhatsApp accepted is recorded as sent: a restart will not send it again
        List<String> sent = contents(tenantId, "status = 'sent'");
        assertThat(sent).containsExactlyInAnyOrderElementsOf(FaultsEnvironment.acceptedTexts(graph).keySet());
        for (String id : senders.acknowledged) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE id = ?::uuid", Integer.class, id))
                    .isEqualTo(1);
        }
        System.out.printf("%nGraceful shutdown: exited %d ms after SIGTERM; %d sent, %d queued for later, 0 leased%n%n",
                exitMillis, sent.size(), count(tenantId, "status = 'queued'"));
    }
}
