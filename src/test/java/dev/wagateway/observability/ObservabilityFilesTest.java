package dev.wagateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What the service ships for operators, checked without a Spring context: the alert rules pass {@code promtool check
 * rules} and their unit tests ({@code promtool test rules}: each alert fires on the series that should fire it and
 * not on the others), the Prometheus configuration passes {@code promtool check config}, the Grafana dashboard parses
 * and every panel has queries that Prometheus parses, and the metric names they read are the documented ones
 * ({@code ExportedMetricsTest} shows the running service exports each). promtool is Debian's {@code prometheus}
 * package ({@code .ci/run} installs it); without it the promtool checks are skipped, unless REQUIRE_PROMTOOL=true.
 */
class ObservabilityFilesTest {

    /** The names the rules and the dashboard read: the service's metrics (docs/operations.md) and Prometheus' up. */
    static final Set<String> EXPECTED_METRICS = Set.of(
            "whatsapp_sends_total",
            "whatsapp_message_time_to_sent_seconds_bucket",
            "whatsapp_graph_request_seconds_bucket",
            "whatsapp_queue_depth",
            "whatsapp_queue_oldest_due_age_seconds",
            "whatsapp_webhook_lag_seconds",
            "whatsapp_throttle_wait_seconds_sum",
            "whatsapp_throttle_deferrals_total",
            "whatsapp_redelivery_claims_in_flight",
            "resilience4j_circuitbreaker_state",
            "webhook_events_total",
            "file_rows_total",
            "callback_deliveries_pending",
            "callback_deliveries_dead",
            "http_server_requests_seconds_count",
            "up");

    @TempDir
    Path temp;

    @Test
    void the_alert_rules_pass_promtool_check_rules() throws Exception {
        Result result = promtool("check", "rules", ObservabilityQueries.ALERTS.toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + ObservabilityQueries.alertExpressions().size() + " rules found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_alert_rules_unit_tests_pass_and_show_each_alert_firing() throws Exception {
        Result result = promtool(ObservabilityQueries.ALERTS_TEST.getParent().toFile(), "test", "rules",
                ObservabilityQueries.ALERTS_TEST.getFileName().toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");

        // each alert has a case where it fires, and one where it does not (yet): a test of a threshold both ways
        Map<String, Object> tests = new Yaml().load(ObservabilityQueries.read(ObservabilityQueries.ALERTS_TEST));
        Set<String> fired = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                boolean fires = !((List<Object>) check.get("exp_alerts")).isEmpty();
                (fires ? fired : quiet).add((String) check.get("alertname"));
            }
        }
        assertThat(fired).containsExactlyInAnyOrderElementsOf(ObservabilityQueries.alertExpressions().keySet());
        assertThat(quiet).containsExactlyInAnyOrderElementsOf(ObservabilityQueries.alertExpressions().keySet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_prometheus_configuration_scrapes_the_actuator_with_the_operator_key_and_passes_promtool() throws Exception {
        Map<String, Object> config = new Yaml().load(ObservabilityQueries.read(ObservabilityQueries.PROMETHEUS_CONFIG));
        assertThat((List<String>) config.get("rule_files")).containsExactly("alerts.yml");
        List<Map<String, Object>> scrapes = (List<Map<String, Object>>) config.get("scrape_configs");
        assertThat(scrapes).hasSize(1);
        Map<String, Object> gateway = scrapes.get(0);
        assertThat(gateway).containsEntry("job_name", "whatsapp-gateway")
                .containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(ObservabilityQueries.alertExpressions().get("WhatsAppGatewayDown"))
                .as("the alerts select the scrape job's name").contains("job=\"whatsapp-gateway\"");
        Map<String, Object> authorization = (Map<String, Object>) gateway.get("authorization");
        assertThat(authorization).as("the key from a file, never written in the configuration")
                .containsEntry("type", "Bearer").containsKey("credentials_file").doesNotContainKey("credentials");

        // promtool checks the file it names exists: the same configuration, with a key file of its own
        Path keyFile = Files.writeString(temp.resolve("operator-key"), "an-operator-key\n");
        Files.writeString(temp.resolve("prometheus.yml"), ObservabilityQueries.read(ObservabilityQueries.PROMETHEUS_CONFIG)
                .replace((String) authorization.get("credentials_file"), keyFile.toString()));
        Files.copy(ObservabilityQueries.ALERTS, temp.resolve("alerts.yml"));
        Result result = promtool("check", "config", temp.resolve("prometheus.yml").toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void every_dashboard_panel_has_queries_that_prometheus_parses() throws Exception {
        JsonNode dashboard = ObservabilityQueries.dashboard();
        assertThat(dashboard.path("uid").asText()).isEqualTo("whatsapp-gateway");
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        String datasource = "${" + variable.path("name").asText() + "}";

        Set<Integer> ids = new HashSet<>();
        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(12);
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id: " + title).isTrue();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(datasource);
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
            assertThat(panel.path("targets")).as(title + ": a query").isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(datasource);
            }
        }
        for (String panel : List.of("Queue depth by status", "Send rate by outcome", "Failed ratio",
                "Graph API latency p50 / p99", "Circuits by state", "Webhook lag", "File ingestion rows by result")) {
            assertThat(dashboard.findValuesAsText("title")).as("the issue's panels").contains(panel);
        }

        // each query, as a recording rule: promtool parses it as Prometheus would
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expr : ObservabilityQueries.dashboardQueries().values()) {
            rules.append("      - record: dashboard_query_").append(++n).append("\n        expr: '")
                    .append(ObservabilityQueries.asPrometheusQuery(expr).replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(temp.resolve("dashboard-queries.yml"), rules.toString());
        Result result = promtool("check", "rules", file.toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void the_provisioning_gives_grafana_the_prometheus_data_source_the_dashboard_names() {
        Map<String, Object> datasources = new Yaml().load(ObservabilityQueries.read(
                Path.of("ops/grafana/provisioning/datasources/prometheus.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> prometheus = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertThat(prometheus).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090")
                .containsEntry("uid", ObservabilityQueries.dashboard().path("templating").path("list").get(0)
                        .path("current").path("value").asText());
        assertThat(ObservabilityQueries.read(Path.of("ops/grafana/provisioning/dashboards/whatsapp-gateway.yml")))
                .contains("path: /etc/grafana/dashboards");
    }

    @Test
    void the_rules_and_the_dashboard_read_the_documented_metrics() {
        assertThat(ObservabilityQueries.metricNames(
                "histogram_quantile(0.99, sum by (le, operation) (rate(a_seconds_bucket{x=\"by (y)\"}[5m])))"
                        + " / on (le) b_total offset 5m and absent(up{job=\"j\"}) or vector(0)"))
                .as("the extraction itself").containsExactly("a_seconds_bucket", "b_total", "up");
        assertThat(ObservabilityQueries.allMetricNames()).containsExactlyInAnyOrderElementsOf(EXPECTED_METRICS);

        // ...each one a row of docs/operations.md's metrics tables (a timer's _bucket, _sum, _count: its own name)
        String operations = ObservabilityQueries.read(Path.of("docs/operations.md"));
        for (String name : EXPECTED_METRICS) {
            if (!ObservabilityQueries.PROMETHEUS_OWN.contains(name)) {
                assertThat(operations).as(name).contains("\n| `" + name.replaceAll("_(bucket|sum|count)$", "") + "` |");
            }
        }
    }

    record Result(int exit, String output) {
    }

    private static Result promtool(String... args) throws IOException, InterruptedException {
        return promtool(new File("."), args);
    }

    /** Runs promtool, or skips the test when it is missing (and REQUIRE_PROMTOOL is not true). */
    private static Result promtool(File directory, String... args) throws IOException, InterruptedException {
        String promtool = promtoolPath();
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish in 60 s: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String promtoolPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("REQUIRE_PROMTOOL"))) {
            fail("promtool is not on the PATH, and REQUIRE_PROMTOOL=true (install Debian's prometheus package)");
        }
        Assumptions.abort("promtool is not installed (Debian's prometheus package): skipped");
        return null;
    }
}
