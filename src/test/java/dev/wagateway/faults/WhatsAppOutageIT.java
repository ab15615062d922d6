package dev.wagateway.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp down, then hanging, then back: the stub answers 500 for 60 s, then holds every call longer than the
 * timeout for 10 s, then accepts. Intake answers every send within the call's timeout the whole time, and once
 * WhatsApp is back every message is delivered exactly once.
 */
class WhatsAppOutageIT extends FaultTest {

    private static final Duration DOWN = Duration.ofSeconds(60);
    private static final Duration HANGING = Duration.ofSeconds(10);
    private static final int TIMEOUT_MS = 2_000;
    private static final String SENDS = "/v[0-9.]+/" + FaultsEnvironment.PHONE_NUMBER_ID + "/messages";

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
            Senders senders = Senders.start(2, api, tenantId, contacts, 200);
            ServiceProcess.sleep(DOWN.toMillis());
            assertThat(count(tenantId, "status = 'sent'")).as("sent while WhatsApp answered 500").isZero();

            // hanging: answered only after the timeout (and then as a failure, so a 200 always means delivered)
            graph.stubFor(post(urlPathMatching(SENDS)).willReturn(aResponse().withStatus(503)
                    .withFixedDelay(TIMEOUT_MS * 3)));
            ServiceProcess.sleep(HANGING.toMillis());

            graph.stubFor(post(urlPathMatching(SENDS)).willReturn(FaultsEnvironment.accepted().withFixedDelay(20)));
            ServiceProcess.sleep(3_000);
            senders.stop();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(tenantId, "status <> 'sent'") == 0);
            List<String> contents = contents(tenantId, "true");
            Map<String, Long> seen = FaultsEnvironment.acceptedTexts(graph);
            assertThat(contents).allSatisfy(content -> assertThat(seen.get(content)).as(content).isEqualTo(1L));
            assertThat(senders.refused).isEmpty();
            assertThat(senders.unanswered).hasValue(0);
            long slowest = senders.latenciesMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
            // the immediate attempt waits at most the timeout; the rest is the service's own work on 2 busy cores
            assertThat(slowest).as("slowest send, ms").isLessThan(TIMEOUT_MS + 1_500);
            System.out.printf("%nWhatsApp outage: %d messages (%d sent through POST /messages/send during it), each"
                    + " delivered once after; slowest send answered in %d ms (timeout %d ms)%n%n", contents.size(),
                    senders.acknowledged.size(), slowest, TIMEOUT_MS);
        }
    }
}
