package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wagateway.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code kill -9} under load: concurrent {@code POST /messages/send} and a backlog draining, the service killed, then
 * started again. Nothing acknowledged is lost, every message ends {@code sent}, nothing stays {@code sending}, and a
 * message WhatsApp got twice (its call was in flight at the kill) is marked {@code possible_duplicate}.
 */
class CrashIT {

    private static final int BACKLOG = 3_000;
    private static final int CLIENTS = 8;
    private static final String INSTANCE = "faults-crash";

    private static JdbcTemplate jdbc;
    private static WireMockServer graph;

    @BeforeAll
    static void environment() {
        jdbc = FaultsEnvironment.emptyDatabase();
        graph = FaultsEnvironment.graph();
        FaultsEnvironment.accepts(graph, 100);
    }

    @AfterAll
    static void stopStub() {
        graph.stop();
    }

    @Test
    void nothing_acknowledged_is_lost_and_every_duplicate_is_marked() throws Exception {
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, INSTANCE);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger unanswered = new AtomicInteger();
        String tenantId;
        try (ServiceProcess first = ServiceProcess.start("crash-first", env)) {
            Api api = new Api(first.baseUrl());
            tenantId = api.tenant("Crash");
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, 20);
            FaultsEnvironment.backlog(jdbc, tenantId, contacts, "backlog", BACKLOG);

            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; sending.get(); i++) {
                        String contactId = contacts.get((client + i) % contacts.size());
                        try {
                            Api.Response response = api.send(tenantId, contactId, "rest-" + client + "-" + i);
                            if (response.status() == 201) {
                                acknowledged.add(response.data().path("id").asText());
                            }
                        } catch (RuntimeException noAnswer) { // the kill: connection reset or refused
                            unanswered.incrementAndGet();
                        }
                    }
                });
            }
            // mid-flight: sends being answered, the backlog partly drained
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200
                    && graph.getAllServeEvents().size() >= 800);
            first.kill();
            sending.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        long acknowledgedAtKill = acknowledged.size();
        int leftSending = count("status = 'sending'", tenantId);
        int leftLeased = count("status = 'queued' AND lease_owner IS NOT NULL", tenantId);

        try (ServiceProcess second = ServiceProcess.start("crash-second", env)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count("status IN ('queued', 'sending')", tenantId) == 0);

            // nothing acknowledged is lost
            List<String> missing = new ArrayList<>();
            for (String id : acknowledged) {
                if (jdbc.queryForObject("SELECT count(*) FROM messages WHERE id = ?::uuid", Integer.class, id) != 1) {
                    missing.add(id);
                }
            }
            assertThat(missing).isEmpty();
            // every message ends sent (the stub accepts every send: no permanent failure here)
            int total = count("true", tenantId);
            assertThat(count("status = 'sent'", tenantId)).isEqualTo(total);

            // WhatsApp got each once, except messages in flight at the kill, each of them marked
            Map<String, Long> seen = FaultsEnvironment.acceptedTexts(graph);
            List<String> contents = jdbc.queryForList("SELECT content FROM messages WHERE tenant_id = ?::uuid",
                    String.class, tenantId);
            assertThat(contents).allSatisfy(content -> assertThat(seen).containsKey(content));
            List<String> duplicated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .toList();
            List<String> flagged = jdbc.queryForList("SELECT content FROM messages WHERE tenant_id = ?::uuid"
                    + " AND metadata ->> 'possible_duplicate' = 'true'", String.class, tenantId);
            assertThat(flagged).containsAll(duplicated);
            assertThat(seen.values()).allSatisfy(times -> assertThat(times).isLessThanOrEqualTo(2));

            System.out.printf("%nCrash test: %d messages (%d backlog + %d from POST /messages/send), %d sends"
                    + " acknowledged (201) before the kill, %d requests unanswered at the kill; lost: %d;"
                    + " left mid-send at the kill: %d claimed + %d immediate attempts; marked possible_duplicate: %d;"
                    + " WhatsApp got twice: %d%n%n", total, BACKLOG, total - BACKLOG, acknowledgedAtKill,
                    unanswered.get(), missing.size(), leftSending, leftLeased, flagged.size(), duplicated.size());
            assertThat(second.terminate(Duration.ofSeconds(30))).isTrue();
        }
    }

    private int count(String condition, String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND " + condition,
                Integer.class, tenantId);
    }
}
