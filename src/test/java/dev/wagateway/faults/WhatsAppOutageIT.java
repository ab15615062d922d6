package dev.wagateway.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * WhatsApp down, then hanging, then back: the stub answers 500 for 60 s, then holds every call longer than the
 * timeout for 10 s, then accepts. Intake answers every send within the call's timeout the whole time, and once
 * WhatsApp is back every message is delivered exactly once.
 */
class WhatsAppOutageIT {

    private static final Duration DOWN = Duration.ofSeconds(60);
    private static final Duration HANGING = Duration.ofSeconds(10);
    private static final int TIMEOUT_MS = 2_000;
    private static final String SENDS = "/v[0-9.]+/" + FaultsEnvironment.PHONE_NUMBER_ID + "/messages";

    private static JdbcTemplate jdbc;
    private static WireMockServer graph;

    @BeforeAll
    static void environment() {
        jdbc = FaultsEnvironment.emptyDatabase();
        graph = FaultsEnvironment.graph();
    }

    @AfterAll
    static void stop() {
        graph.stop();
    }

    @Test
    void every_message_is_delivered_once_after_the_outage_and_intake_never_waits_longer_than_the_timeout()
            throws Exception {
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-wa-outage");
        env.put("WHATSAPP_TIMEOUT_MS", String.valueOf(TIMEOUT_MS));
        env.put("MAX_ATTEMPTS", "1000"); // an outage this long must not use up the attempts (backoff: at most 2 s)
        FaultsEnvironment.accepts(graph, 20); // while the test sets up its tenant
        try (ServiceProcess service = ServiceProcess.start("whatsapp-outage", env)) {
            Api api = new Api(service.baseUrl());
            String tenantId = api.tenant("Outage");
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, 10);

            // each phase's stub is added over the last (WireMock answers with the newest that matches): never a gap
            graph.stubFor(post(urlPathMatching(SENDS)).willReturn(aResponse().withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\","
                            + "\"code\":1,\"fbtrace_id\":\"AbCd\"}}")));
            FaultsEnvironment.backlog(jdbc, tenantId, contacts, "backlog", 500);

            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(2);
            for (int c = 0; c < 2; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; sending.get(); i++) {
                        long started = System.nanoTime();
                        Api.Response r = api.send(tenantId, contacts.get(i % contacts.size()), "rest-" + client + "-" + i);
                        latencies.add((System.nanoTime() - started) / 1_000_000);
                        if (r.status() != 201) {
                            unexpected.add(r.status() + " " + r.raw());
                        }
                        ServiceProcess.sleep(200);
                    }
                });
            }
            ServiceProcess.sleep(DOWN.toMillis());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND status = 'sent'",
                    Integer.class, tenantId)).as("sent while WhatsApp answered 500").isZero();

            // hanging: answered only after the timeout (and then as a failure, so a 200 always means delivered)
            graph.stubFor(post(urlPathMatching(SENDS)).willReturn(aResponse().withStatus(503)
                    .withFixedDelay(TIMEOUT_MS * 3)));
            ServiceProcess.sleep(HANGING.toMillis());

            graph.stubFor(post(urlPathMatching(SENDS)).willReturn(FaultsEnvironment.accepted().withFixedDelay(20)));
            ServiceProcess.sleep(3_000);
            sending.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid"
                            + " AND status <> 'sent'", Integer.class, tenantId) == 0);
            List<String> contents = jdbc.queryForList("SELECT content FROM messages WHERE tenant_id = ?::uuid",
                    String.class, tenantId);
            Map<String, Long> seen = FaultsEnvironment.acceptedTexts(graph);
            assertThat(contents).allSatisfy(content -> assertThat(seen.get(content)).as(content).isEqualTo(1L));
            assertThat(unexpected).isEmpty();
            long slowest = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
            // the immediate attempt waits at most the timeout (connect + response); the rest is the service's own work
            assertThat(slowest).as("slowest send, ms").isLessThan(TIMEOUT_MS + 1_500);
            System.out.printf("%nWhatsApp outage: %d messages (%d sent through POST /messages/send during it), each"
                    + " delivered once after; slowest send answered in %d ms (timeout %d ms)%n%n", contents.size(),
                    latencies.size(), slowest, TIMEOUT_MS);
        }
    }
}
