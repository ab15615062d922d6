package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wagateway.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SIGTERM while sends are in flight (WhatsApp answering in 1 s) and a backlog drains: the service takes no new
 * request, finishes the sends it started, releases what it holds, and exits within 30 s. Nothing WhatsApp accepted is
 * left unrecorded, nothing stays leased, nothing acknowledged is lost.
 */
class GracefulShutdownIT {

    private static final String INSTANCE = "faults-graceful";

    private static JdbcTemplate jdbc;
    private static WireMockServer graph;

    @BeforeAll
    static void environment() {
        jdbc = FaultsEnvironment.emptyDatabase();
        graph = FaultsEnvironment.graph();
        FaultsEnvironment.accepts(graph, 1_000);
    }

    @AfterAll
    static void stop() {
        graph.stop();
    }

    @Test
    void sigterm_finishes_in_flight_sends_releases_the_rest_and_exits_within_30_seconds() throws Exception {
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, INSTANCE);
        env.put("WHATSAPP_TIMEOUT_MS", "3000");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        String tenantId;
        long exitMillis;
        try (ServiceProcess service = ServiceProcess.start("graceful", env)) {
            Api api = new Api(service.baseUrl());
            tenantId = api.tenant("Graceful");
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, 10);
            FaultsEnvironment.backlog(jdbc, tenantId, contacts, "backlog", 2_000);

            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; sending.get(); i++) {
                        try {
                            Api.Response r = api.send(tenantId, contacts.get(i % contacts.size()), "rest-" + client + "-" + i);
                            if (r.status() == 201) {
                                acknowledged.add(r.data().path("id").asText());
                            }
                        } catch (RuntimeException refused) { // after the stop: connection refused
                            ServiceProcess.sleep(100);
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> graph.getAllServeEvents().size() >= 150
                    && acknowledged.size() >= 8);

            long stopAt = System.nanoTime();
            boolean exited = service.terminate(Duration.ofSeconds(30));
            exitMillis = (System.nanoTime() - stopAt) / 1_000_000;
            sending.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(exited).as("exited within 30 s of SIGTERM").isTrue();
            assertThat(service.output()).contains("Stopping: ");
        }

        // nothing left leased to the stopped instance: claimed messages sent or queued again
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE lease_owner = ?", Integer.class, INSTANCE))
                .isZero();
        assertThat(count("status = 'sending'", tenantId)).isZero();
        // everything WhatsApp accepted is recorded as sent: a restart will not send it again
        Map<String, Long> seen = FaultsEnvironment.acceptedTexts(graph);
        List<String> sent = jdbc.queryForList("SELECT content FROM messages WHERE tenant_id = ?::uuid AND status = 'sent'",
                String.class, tenantId);
        assertThat(sent).containsExactlyInAnyOrderElementsOf(seen.keySet());
        for (String id : acknowledged) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE id = ?::uuid", Integer.class, id))
                    .isEqualTo(1);
        }
        System.out.printf("%nGraceful shutdown: exited %d ms after SIGTERM; %d sent, %d queued for later, 0 leased%n%n",
                exitMillis, sent.size(), count("status = 'queued'", tenantId));
    }

    private int count(String condition, String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND " + condition,
                Integer.class, tenantId);
    }
}
