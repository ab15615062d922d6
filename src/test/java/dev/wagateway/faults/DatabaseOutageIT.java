package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import dev.wagateway.Api;
import dev.wagateway.TcpProxy;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL out of reach for 10 s (a TCP proxy between the service and the database is cut; the shared server is
 * never stopped) during intake and delivery: intake answers 503 SERVICE_UNAVAILABLE meanwhile, health goes DOWN and
 * back UP, the service recovers on its own, and no acknowledged message is lost.
 */
class DatabaseOutageIT extends FaultTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Test
    void intake_answers_503_during_the_outage_and_everything_acknowledged_is_sent_after_it() throws Exception {
        FaultsEnvironment.accepts(graph, 100);
        Matcher db = FaultsEnvironment.database();
        try (TcpProxy database = new TcpProxy(db.group(1), db.group(2) == null ? 5432 : Integer.parseInt(db.group(2)))) {
            Map<String, String> env = FaultsEnvironment.service("jdbc:postgresql://127.0.0.1:" + database.port() + "/"
                    + db.group(3), graph, "faults-db-outage");
            env.put("DB_CONNECTION_TIMEOUT_MS", "2000");
            env.put("WHATSAPP_TIMEOUT_MS", "2000");
            env.put("REDELIVERY_LEASE", "10s");
            // the number's shared bucket in the same database: each call takes its turn there, cut off with it
            env.put("WHATSAPP_RATE_LIMIT", "1000");
            try (ServiceProcess service = ServiceProcess.start("db-outage", env)) {
                Api api = new Api(service.baseUrl());
                String tenantId = api.tenant("Outage");
                List<String> contacts = FaultsEnvironment.contacts(api, tenantId, 10);
                FaultsEnvironment.backlog(jdbc, tenantId, contacts, "backlog", 2_000);
                Senders senders = Senders.start(4, api, tenantId, contacts, 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> graph.getAllServeEvents().size() >= 300);

                database.cut();
                long cutAt = System.nanoTime();
                await().atMost(OUTAGE).until(() -> service.status("/actuator/health") == 503);
                await().atMost(OUTAGE).until(() -> !senders.refused.isEmpty());
                ServiceProcess.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
                assertThat(service.status("/actuator/health")).as("health during the outage").isEqualTo(503);
                database.restore();

                await().atMost(Duration.ofSeconds(60)).until(() -> service.status("/actuator/health") == 200);
                int acknowledgedBefore = senders.acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> senders.acknowledged.size() > acknowledgedBefore + 20);
                senders.stop();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> count(tenantId, "status IN ('queued', 'sending')") == 0);

                // the only refusal: 503 SERVICE_UNAVAILABLE with Retry-After, never a 500
                assertThat(senders.refused).allSatisfy(r -> assertThat(r).extracting(Senders.Refusal::status,
                        Senders.Refusal::code, Senders.Refusal::retryAfter).containsExactly(503, "SERVICE_UNAVAILABLE",
                        true));
                assertThat(senders.unanswered).hasValue(0);
                for (String id : senders.acknowledged) {
                    assertThat(jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, id))
                            .as("acknowledged message %s", id).isEqualTo("sent");
                }
                assertThat(count(tenantId, "status <> 'sent'")).isZero();
                List<String> twice = sentTwice();
                assertThat(markedDuplicates(tenantId)).containsAll(twice);
                System.out.printf("%nDatabase outage (%d s): %d sends acknowledged, %d answered 503"
                        + " SERVICE_UNAVAILABLE, 0 other answers; all %d messages sent; WhatsApp got %d twice (each"
                        + " marked)%n%n", OUTAGE.toSeconds(), senders.acknowledged.size(), senders.refused.size(),
                        count(tenantId, "true"), twice.size());
            }
        }
    }
}
