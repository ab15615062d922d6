package dev.wagateway.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.ingest.Inbox;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every metric the alert rules and the Grafana dashboard read ({@link ObservabilityQueries}) is exported by the
 * running service on {@code /actuator/prometheus}, as Prometheus scrapes it (the operator key as a Bearer token, as
 * {@code ops/prometheus/prometheus.yml} sends it; nothing without it), after the traffic that makes each: a
 * send WhatsApp accepts, one it refuses for good, one its pacing defers, a delivery status posted to the webhook,
 * rows of a dropped file. And each label value a query selects with {@code =} (scope="cluster", outcome="failed"...)
 * is one a series of that name carries: a selector that matches nothing would leave a panel empty and an alert
 * silent for ever.
 */
class ExportedMetricsTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern EQUALITY = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    private String tenantId;

    @AfterEach
    void stopRetryingThisTestsMessages() {
        jdbc.update("UPDATE messages SET status = 'failed' WHERE tenant_id = ?::uuid AND status = 'queued'", tenantId);
    }

    @Test
    void every_metric_the_rules_and_the_dashboard_read_is_exported_after_some_traffic() {
        String refused = uniquePhone();
        String paced = uniquePhone();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(refused.substring(1)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(fixture("error_131009_parameter_not_valid.json"))));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(paced.substring(1)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                         "type": "OAuthException", "code": 131056, "fbtrace_id": "AbCdEf"}}""")));
        tenantId = api.tenant("Exported metrics");

        Api.Response sent = api.send(tenantId, api.contact(tenantId, uniquePhone()), "sent");
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        assertThat(api.send(tenantId, api.contact(tenantId, refused), "refused").data().path("status").asText())
                .isEqualTo("failed");
        String pacedContact = api.contact(tenantId, paced);
        api.send(tenantId, pacedContact, "paced");
        assertThat(api.send(tenantId, pacedContact, "deferred").data().path("status").asText())
                .as("held back by our pacing: a throttle deferral").isEqualTo("queued");

        byte[] status = MetaPayloads.bytes(MetaPayloads.status("webhook_status_delivered_biz_opaque_callback_data.json",
                sent.data().path("external_message_id").asText(), System.currentTimeMillis() / 1000));
        assertThat(api.post("/webhooks/whatsapp", status, Map.of("X-Hub-Signature-256", MetaPayloads.sign(status)))
                .status()).isEqualTo(200);

        String file = Inbox.drop(Inbox.uniqueName("metrics", "csv"),
                "tenantId,phone,message\n" + tenantId + "," + uniquePhone() + ",from a file\n" + tenantId + ",+12,bad\n");
        Inbox.awaitReport(".done", file);

        Set<String> names = new TreeSet<>(ObservabilityQueries.allMetricNames());
        names.removeAll(ObservabilityQueries.PROMETHEUS_OWN);
        assertThat(names).as("the extraction found the names").hasSizeGreaterThan(10);
        assertThat(api.anonymous().get("/actuator/prometheus").status()).as("not without the operator key")
                .isEqualTo(401);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            // as ops/prometheus/prometheus.yml scrapes: the operator key as a Bearer token (credentials_file)
            Api.Response scrape = api.anonymous().get("/actuator/prometheus",
                    Map.of("Authorization", "Bearer " + Api.ADMIN_KEY));
            assertThat(scrape.status()).isEqualTo(200);
            String exported = scrape.raw();
            assertThat(names).allSatisfy(name -> assertThat(exported).as(name).containsPattern(
                    "(?m)^" + Pattern.quote(name) + "[{ ]"));
            assertThat(selectedLabels()).allSatisfy(selected -> assertThat(exported).as(selected[0] + " with "
                    + selected[1]).containsPattern("(?m)^" + Pattern.quote(selected[0]) + "\\{[^}\\n]*"
                    + Pattern.quote(selected[1]) + "[,}]"));
        });
    }

    /** Each (metric, label="value") an equality matcher of the rules or the dashboard selects. */
    private static List<String[]> selectedLabels() {
        List<String[]> selected = new ArrayList<>();
        List<String> expressions = new ArrayList<>(ObservabilityQueries.alertExpressions().values());
        expressions.addAll(ObservabilityQueries.dashboardQueries().values());
        for (String expr : expressions) {
            Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                if (ObservabilityQueries.PROMETHEUS_OWN.contains(selector.group(1))) {
                    continue;
                }
                for (String matcher : selector.group(2).split(",")) {
                    Matcher equality = EQUALITY.matcher(matcher.strip());
                    if (equality.matches()) {
                        selected.add(new String[] {selector.group(1),
                                equality.group(1) + "=\"" + equality.group(2) + "\""});
                    }
                }
            }
        }
        return selected;
    }
}
