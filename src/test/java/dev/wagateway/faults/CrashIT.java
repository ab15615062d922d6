package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} under load: concurrent {@code POST /messages/send} and a backlog draining, the service killed, then
 * started again. Nothing acknowledged is lost, every message ends {@code sent}, nothing stays {@code sending}, and a
 * message WhatsApp got twice (its call was in flight at the kill) is marked {@code possible_duplicate}.
 */
class CrashIT extends FaultTest {

    private static final int BACKLOG = 3_000;

    @Test
    void nothing_acknowledged_is_lost_and_every_duplicate_is_marked() throws Exception {
        FaultsEnvironment.accepts(graph, 100);
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-crash");
        Senders senders;
        String tenantId;
        try (ServiceProcess first = ServiceProcess.start("crash-first", env)) {
            Api api = new Api(first.baseUrl());
            tenantId = api.tenant("Crash");
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, 20);
            FaultsEnvironment.backlog(jdbc, tenantId, contacts, "backlog", BACKLOG);
            senders = Senders.start(8, api, tenantId, contacts, 0);
            // mid-flight: sends being answered, the backlog partly drained
            await().atMost(Duration.ofSeconds(60)).until(() -> senders.acknowledged.size() >= 200
                    && graph.getAllServeEvents().size() >= 800);
            first.kill();
            senders.stop();
        }
        int leftSending = count(tenantId, "status = 'sending'");
        int leftLeased = count(tenantId, "status = 'queued' AND lease_owner IS NOT NULL");

        try (ServiceProcess second = ServiceProcess.start("crash-second", env)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(tenantId, "status IN ('queued', 'sending')") == 0);

            // nothing acknowledged is lost
            List<String> lost = senders.acknowledged.stream().filter(id -> jdbc.queryForObject(
                    "SELECT count(*) FROM messages WHERE id = ?::uuid", Integer.class, id) != 1).toList();
            assertThat(lost).isEmpty();
            // every message ends sent (the stub accepts every send: no permanent failure here)
            int total = count(tenantId, "true");
            assertThat(count(tenantId, "status = 'sent'")).isEqualTo(total);
            // WhatsApp got each at least once, and twice only those in flight at the kill, each of them marked
            Map<String, Long> seen = FaultsEnvironment.acceptedTexts(graph);
            assertThat(contents(tenantId, "true")).allSatisfy(content -> assertThat(seen).containsKey(content));
            assertThat(seen.values()).allSatisfy(times -> assertThat(times).isLessThanOrEqualTo(2));
            List<String> twice = sentTwice();
            List<String> marked = markedDuplicates(tenantId);
            assertThat(marked).containsAll(twice);

            System.out.printf("%nCrash test: %d messages (%d backlog + %d from POST /messages/send), %d sends"
                    + " acknowledged (201) before the kill, %d requests unanswered at the kill; lost: %d;"
                    + " left mid-send at the kill: %d claimed + %d immediate attempts; marked possible_duplicate: %d;"
                    + " WhatsApp got twice: %d%n%n", total, BACKLOG, total - BACKLOG, senders.acknowledged.size(),
                    senders.unanswered.get(), lost.size(), leftSending, leftLeased, marked.size(), twice.size());
            assertThat(second.terminate(Duration.ofSeconds(30))).isTrue();
        }
    }
}
