package dev.wagateway.redelivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.wagateway.GatewayApplication;
import dev.wagateway.IntegrationTest;
import dev.wagateway.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one database: this test's shared context ("test-a") and a second process started
 * here ("test-b"), each with its own Camel routes, Quartz scheduler (one cluster) and connection pool.
 */
class TwoInstancesTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private static final int BACKLOG = 1_000;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void two_instances_deliver_a_backlog_of_a_thousand_each_exactly_once() throws Exception {
        String tenantId = api.tenant("Two instances");
        String contactId = api.contact(tenantId, uniquePhone());
        Backlog backlog = new Backlog(jdbc, tenantId, contactId);
        String prefix = "bulk-" + tenantId;
        // Meta answers after 100 ms: draining takes seconds, and both instances have calls in flight at once
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withFixedDelay(100).withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        // what instance test-b left `sending` when it last stopped: its start-up queues it again, lease or not
        String leftByB = backlog.leftSending(prefix + "-left-by-b", "test-b", "now() + interval '1 hour'");

        Process instanceB = startInstanceB();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> status(leftByB).equals("sent"));

            backlog.queuedMany(prefix, BACKLOG);

            await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND status = 'sent'", Long.class,
                    tenantId) == BACKLOG + 1);
        } finally {
            instanceB.destroy();
            instanceB.waitFor(30, TimeUnit.SECONDS);
        }

        Map<String, Long> callsPerBody = GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))
                        .withRequestBody(containing(prefix))).stream()
                .map(this::textBody)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(callsPerBody).hasSize(BACKLOG + 1);
        assertThat(callsPerBody).allSatisfy((body, calls) -> assertThat(calls).as(body).isEqualTo(1L));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND attempts <> 1",
                Long.class, tenantId)).isZero();
    }

    /**
     * Instance B: the same application in a second JVM (Quartz keeps its JDBC connection providers per scheduler
     * name and JVM, so a clustered second instance needs its own process), with this test's classpath, profile and
     * database (TestDatabase's choice, straight, not through the proxy).
     */
    private static Process startInstanceB() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Path.of("target", "instance-b.log");
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                GatewayApplication.class.getName(), "--spring.profiles.active=test", "--server.port=0",
                "--redelivery.instance-id=test-b", "--ingest.inbox-dir=target/inbox-b",
                "--whatsapp.api-base-url=" + GRAPH.baseUrl(), "--spring.datasource.url=" + TestDatabase.chosen().url(),
                "--jmx.port=") // no remote JMX here: the test profile's wants IntegrationTest's keystore (TLS)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private String textBody(LoggedRequest request) {
        try {
            return json.readTree(request.getBodyAsString()).path("text").path("body").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, id);
    }
}
