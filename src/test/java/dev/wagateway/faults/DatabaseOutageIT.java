package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wagateway.Api;
import dev.wagateway.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL out of reach for 10 s (a TCP proxy between the service and the database is cut; the shared server is
 * never stopped) during intake and delivery: intake answers 503 SERVICE_UNAVAILABLE meanwhile, health goes DOWN and
 * back UP, the service recovers on its own, and no acknowledged message is lost.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int CLIENTS = 4;

    private static JdbcTemplate jdbc;
    private static WireMockServer graph;
    private static TcpProxy database;

    @BeforeAll
    static void environment() throws Exception {
        jdbc = FaultsEnvironment.emptyDatabase();
        graph = FaultsEnvironment.graph();
        FaultsEnvironment.accepts(graph, 100);
        Matcher db = FaultsEnvironment.database();
        database = new TcpProxy(db.group(1), db.group(2) == null ? 5432 : Integer.parseInt(db.group(2)));
    }

    @AfterAll
    static void stop() throws Exception {
        graph.stop();
        database.close();
    }

    @Test
    void intake_answers_503_during_the_outage_and_everything_acknowledged_is_sent_after_it() throws Exception {
        Map<String, String> env = FaultsEnvironment.service(
                "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + FaultsEnvironment.database().group(3),
                graph, "faults-db-outage");
        env.put("DB_CONNECTION_TIMEOUT_MS", "2000");
        env.put("WHATSAPP_TIMEOUT_MS", "2000");
        env.put("REDELIVERY_LEASE", "10s");
        try (ServiceProcess service = ServiceProcess.start("db-outage", env)) {
            Api api = new Api(service.baseUrl());
            String tenantId = api.tenant("Outage");
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, 10);
            FaultsEnvironment.backlog(jdbc, tenantId, contacts, "backlog", 2_000);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger unavailable = new AtomicInteger();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; sending.get(); i++) {
                        Api.Response r = api.send(tenantId, contacts.get(i % contacts.size()), "rest-" + client + "-" + i);
                        if (r.status() == 201) {
                            acknowledged.add(r.data().path("id").asText());
                        } else if (r.status() == 503 && "SERVICE_UNAVAILABLE".equals(r.errorCode())
                                && r.headers().firstValue("Retry-After").isPresent()) {
                            unavailable.incrementAndGet();
                            ServiceProcess.sleep(200);
                        } else {
                            unexpected.add(r.status() + " " + r.raw());
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> graph.getAllServeEvents().size() >= 300);

            database.cut();
            long cutAt = System.nanoTime();
            await().atMost(OUTAGE).until(() -> service.status("/actuator/health") == 503);
            await().atMost(OUTAGE).until(() -> unavailable.get() > 0);
            ServiceProcess.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
            assertThat(service.status("/actuator/health")).as("health during the outage").isEqualTo(503);
            database.restore();

            await().atMost(Duration.ofSeconds(60)).until(() -> service.status("/actuator/health") == 200);
            int acknowledgedBefore = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > acknowledgedBefore + 20);
            sending.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count("status IN ('queued', 'sending')", tenantId) == 0);
            assertThat(unexpected).as("answers other than 201 and 503 SERVICE_UNAVAILABLE").isEmpty();
            for (String id : acknowledged) {
                assertThat(jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, id))
                        .as("acknowledged message %s", id).isEqualTo("sent");
            }
            assertThat(count("status <> 'sent'", tenantId)).isZero();
            Map<String, Long> seen = FaultsEnvironment.acceptedTexts(graph);
            List<String> duplicated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .toList();
            assertThat(jdbc.queryForList("SELECT content FROM messages WHERE tenant_id = ?::uuid"
                    + " AND metadata ->> 'possible_duplicate' = 'true'", String.class, tenantId)).containsAll(duplicated);
            assertThat(service.output()).doesNotContain("SERVICE_UNAVAILABLE\n\tat"); // no stack trace to the caller
            System.out.printf("%nDatabase outage (%d s): %d sends acknowledged, %d answered 503 SERVICE_UNAVAILABLE,"
                    + " %d unexpected answers; all %d messages sent; WhatsApp got %d twice (each marked)%n%n",
                    OUTAGE.toSeconds(), acknowledged.size(), unavailable.get(), unexpected.size(),
                    count("true", tenantId), duplicated.size());
        }
    }

    private int count(String condition, String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND " + condition,
                Integer.class, tenantId);
    }
}
