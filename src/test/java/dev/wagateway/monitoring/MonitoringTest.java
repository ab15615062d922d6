package dev.wagateway.monitoring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.JmxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Operations as an operator does them: JMX through the remote connector (as JConsole connects, user and password),
 * the routes' statistics, the service's MBean against the database, the kill-switch, health and Prometheus. The
 * redelivery route is suspended while a test runs, so only the test's own sends reach the delivery route.
 */
class MonitoringTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    @Autowired
    private RemoteJmx remoteJmx;

    @Autowired
    private MessageQueueMonitor queueMonitor;

    /** This context's routes (another Spring context of the test JVM may have taken the plain names first). */
    private ObjectName deliveryRoute;
    private ObjectName redeliveryRoute;

    private JMXConnector connector;
    private MBeanServerConnection jmx;

    @BeforeEach
    void connectLikeJConsole() throws Exception {
        deliveryRoute = route("whatsapp-delivery");
        redeliveryRoute = route("redelivery");
        connector = JmxClient.connect(remoteJmx.url(), "operator", "test-operator-password");
        jmx = connector.getMBeanServerConnection();
        jmx.invoke(redeliveryRoute, "suspend", null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> (Long) jmx.getAttribute(deliveryRoute,
                "ExchangesInflight") == 0);
    }

    @AfterEach
    void resumeAndDisconnect() throws Exception {
        jmx.invoke(deliveryRoute, "resume", null, null);
        jmx.invoke(redeliveryRoute, "resume", null, null);
        connector.close();
    }

    private ObjectName route(String id) throws Exception {
        return new ObjectName("org.apache.camel:context=" + camelContext.getManagementName() + ",type=routes,name="
                + ObjectName.quote(id));
    }

    @Test
    void remote_jmx_wants_the_operators_password() {
        assertThat(remoteJmx.tls()).as("a password, so TLS").isTrue();
        assertThatThrownBy(() -> JmxClient.connect(remoteJmx.url(), "operator", "guess"))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> JmxClient.connect(remoteJmx.url(), null, null)).isInstanceOf(SecurityException.class);
    }

    @Test
    void the_delivery_routes_statistics_count_the_sends_that_were_made() throws Exception {
        long total = (Long) jmx.getAttribute(deliveryRoute, "ExchangesTotal");
        long completed = (Long) jmx.getAttribute(deliveryRoute, "ExchangesCompleted");
        long handled = (Long) jmx.getAttribute(deliveryRoute, "FailuresHandled");
        String tenantId = api.tenant("Monitored");
        String ok = api.contact(tenantId, uniquePhone());
        String refused = uniquePhone();
        String bad = api.contact(tenantId, refused);
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(refused.substring(1)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(fixture("error_131009_parameter_not_valid.json"))));

        assertThat(api.send(tenantId, ok, "one").data().path("status").asText()).isEqualTo("sent");
        assertThat(api.send(tenantId, ok, "two").data().path("status").asText()).isEqualTo("sent");
        assertThat(api.send(tenantId, bad, "three").data().path("status").asText()).isEqualTo("failed");

        assertThat((Long) jmx.getAttribute(deliveryRoute, "ExchangesTotal")).isEqualTo(total + 3);
        assertThat((Long) jmx.getAttribute(deliveryRoute, "ExchangesCompleted")).isEqualTo(completed + 3);
        assertThat((Long) jmx.getAttribute(deliveryRoute, "FailuresHandled")).as("the refused send").isEqualTo(handled + 1);
    }

    @Test
    void the_message_queue_mbean_shows_what_the_database_holds() throws Exception {
        Thread.sleep(600); // past monitoring.cache (test profile)
        Map<String, Long> database = new HashMap<>();
        jdbc.query("SELECT status, count(*) FROM messages GROUP BY status",
                rs -> { database.put(rs.getString(1), rs.getLong(2)); });

        ObjectName queue = queueMonitor.objectName();
        Map<String, Long> shown = new HashMap<>();
        for (Object row : ((TabularData) jmx.getAttribute(queue, "CountsByStatus")).values()) {
            CompositeData entry = (CompositeData) row;
            shown.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        database.forEach((status, count) -> assertThat(shown).containsEntry(status, count));
        assertThat(shown.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(database.values().stream().mapToLong(Long::longValue).sum());
        assertThat(jmx.getAttribute(queue, "Queued")).isEqualTo(database.getOrDefault("queued", 0L));
        assertThat(jmx.getAttribute(queue, "CircuitState")).isEqualTo("CLOSED");
        assertThat(jmx.getAttribute(queue, "DeliveryRunning")).isEqualTo(true);
        assertThat((Long) jmx.getAttribute(queue, "OldestQueuedAgeSeconds")).isGreaterThanOrEqualTo(0L);
    }

    @Test
    void suspending_the_delivery_route_stops_sends_and_resuming_it_delivers_the_backlog() throws Exception {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        String tenantId = api.tenant("Kill switch");
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        jmx.invoke(redeliveryRoute, "resume", null, null);
        jmx.invoke(deliveryRoute, "suspend", null, null);

        Api.Response held = api.send(tenantId, contactId, "held back");
        assertThat(held.status()).as("intake goes on").isEqualTo(201);
        assertThat(held.data().path("status").asText()).isEqualTo("queued");
        Thread.sleep(1_000); // four redelivery polls (test profile: every 250 ms)
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phone.substring(1))));
        assertThat(jmx.getAttribute(queueMonitor.objectName(), "DeliveryRunning"))
                .isEqualTo(false);

        jmx.invoke(deliveryRoute, "resume", null, null);

        String id = held.data().path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(jdbc.queryForObject(
                "SELECT status FROM messages WHERE id = ?::uuid", String.class, id)));
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(phone.substring(1))));
    }

    @Test
    void health_has_liveness_and_readiness_groups_and_prometheus_has_route_and_queue_metrics() throws IOException {
        Api.Response liveness = api.get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("status").asText()).isEqualTo("UP");
        JsonNode readiness = api.get("/actuator/health/readiness").json();
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").has("db")).isTrue();
        assertThat(readiness.path("components").has("whatsAppCircuit")).isTrue();
        assertThat(readiness.path("components").has("readinessState")).isTrue();
        assertThat(readiness.path("components").has("camelReadinessState")).isTrue();
        assertThat(readiness.path("components").path("camelHealth").path("status").asText())
                .as("UP although the test suspended the redelivery route: the kill-switch is not an outage")
                .isEqualTo("UP");

        String metrics = api.get("/actuator/prometheus").raw();
        assertThat(metrics).contains("routeId=\"whatsapp-delivery\"");
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"send\"");
        assertThat(metrics).contains("whatsapp_queue_depth{scope=\"cluster\",status=\"queued\"}");
        assertThat(metrics).contains("whatsapp_queue_oldest_due_age_seconds{scope=\"cluster\"}");
        assertThat(metrics).as("the per-instance recomputed figures are gone").doesNotContain("whatsapp_messages{")
                .doesNotContain("whatsapp_sends_last_minute");
    }

    @Test
    void health_goes_down_while_postgresql_is_unreachable_and_up_again_on_its_own() {
        DATABASE.cut();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/health").status() == 503);
            JsonNode health = api.get("/actuator/health").json();
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("DOWN");
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(api.get("/actuator/health/liveness").status()).as("no restart for a database outage")
                    .isEqualTo(200);
        } finally {
            DATABASE.restore();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/actuator/health").status() == 200);
        assertThat(api.get("/actuator/health/readiness").json().path("status").asText()).isEqualTo("UP");
    }
}
