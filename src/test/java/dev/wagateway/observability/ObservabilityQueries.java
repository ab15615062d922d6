package dev.wagateway.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL of what the service ships for operators — the alert rules ({@code ops/prometheus/alerts.yml}) and the
 * Grafana dashboard ({@code ops/grafana/whatsapp-gateway.json}) — and the metric names it reads.
 */
final class ObservabilityQueries {

    static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");
    static final Path ALERTS_TEST = Path.of("ops/prometheus/alerts_test.yml");
    static final Path PROMETHEUS_CONFIG = Path.of("ops/prometheus/prometheus.yml");
    static final Path DASHBOARD = Path.of("ops/grafana/whatsapp-gateway.json");

    /** Series Prometheus makes itself for each target: not the service's to export. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPINGS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private ObservabilityQueries() {
    }

    /** Each alert rule's expression, by alert name, in file order. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alertExpressions() {
        Map<String, String> alerts = new LinkedHashMap<>();
        Map<String, Object> file = new Yaml().load(read(ALERTS));
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.put((String) rule.get("alert"), ((String) rule.get("expr")).strip());
            }
        }
        return alerts;
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each query of the dashboard, by "panel title / refId", in panel order. */
    static Map<String, String> dashboardQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " / " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        return queries;
    }

    /** A dashboard query as Prometheus takes it: Grafana's {@code $__rate_interval} made a fixed range. */
    static String asPrometheusQuery(String dashboardExpr) {
        return dashboardExpr.replace("$__rate_interval", "1m");
    }

    /** The metric (series) names an expression reads: its identifiers that are neither functions nor keywords. */
    static Set<String> metricNames(String expr) {
        String bare = GROUPINGS.matcher(RANGES.matcher(LABEL_MATCHERS.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""))
                .replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            if (identifier.group(2) == null && !KEYWORDS.contains(identifier.group(1).toLowerCase())) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    /** Every metric name the alert rules and the dashboard read. */
    static Set<String> allMetricNames() {
        Set<String> names = new TreeSet<>();
        alertExpressions().values().forEach(expr -> names.addAll(metricNames(expr)));
        dashboardQueries().values().forEach(expr -> names.addAll(metricNames(expr)));
        return names;
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
