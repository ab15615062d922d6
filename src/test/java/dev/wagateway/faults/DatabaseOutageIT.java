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
 * back UP, the service recovers on its own, and no acknowledged message is lost. Both ways, as WhatsApp (the stub)
 * saw it: a send answered 503 stored nothing and never reaches WhatsApp; a send answered 201 always does.
 */
class DatabaseOutageIT extends FaultTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private static boolean stored(String tenantId, String text) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND content = ?",
                Integer.class, tenantId, text) > 0;
    }

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
                // the first refusal: each send waits DB_CONNECTION_TIMEOUT_MS for a connection first; under CI's load
                // once none came within 10 s of the cut (health said 503 at once), so the outage lasts until one has
                await().atMost(Duration.ofSeconds(30)).until(() -> !senders.refused.isEmpty());
                ServiceProcess.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
                assertThat(service.status("/actuator/health")).as("health during the outage").isEqualTo(503);
                database.restore();

                await().atMost(Duration.ofSeconds(60)).until(() -> service.status("/actuator/health") == 200);
                int acknowledgedBefore = senders.acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> senders.acknowledged.size() > acknowledgedBefore + 20);
                senders.stop();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> count(tenantId, "status IN ('queued', 'sending')") == 0);

                // a failure after the commit is answered 201 (the message is stored and will be sent), never a 5xx
                List<Senders.Refusal> errorAfterCommit = senders.refused.stream()
                        .filter(r -> r.status() >= 500 && r.status() != 503 && stored(tenantId, r.text())).toList();
                assertThat(errorAfterCommit).as("5xx after commit: answered an error, yet the message is stored")
                        .isEmpty();
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
                // both ways, from WhatsApp's side (each send has its own text): a 503 never reaches it (nor is it
                // stored, to be sent later), a 201 always does
                Map<String, Long> accepted = FaultsEnvironment.acceptedTexts(graph);
                List<String> refusedTexts = senders.refused.stream().map(Senders.Refusal::text).toList();
                assertThat(refusedTexts).as("answered 503, yet WhatsApp got it").filteredOn(accepted::containsKey)
                        .isEmpty();
                assertThat(refusedTexts).as("answered 503, yet stored").filteredOn(text -> stored(tenantId, text))
                        .isEmpty();
                assertThat(senders.acknowledgedTexts).as("answered 201, yet WhatsApp never got it")
                        .filteredOn(text -> !accepted.containsKey(text)).isEmpty();
                List<String> twice = sentTwice();
                assertThat(markedDuplicates(tenantId)).containsAll(twice);
                System.out.printf("%nDatabase outage (%d s): %d sends acknowledged, all of them received by WhatsApp;"
                        + " %d answered 503 SERVICE_UNAVAILABLE, none stored nor received by WhatsApp; 0 other answers;"
                        + " all %d messages sent; WhatsApp got %d twice (each marked)%n%n", OUTAGE.toSeconds(),
                        senders.acknowledged.size(), senders.refused.size(), count(tenantId, "true"), twice.size());
            }
        }
    }
}
