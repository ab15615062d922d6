package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.wagateway.Api;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The packaged jar runs from anywhere: started in an empty working directory (no {@code routes/} beside it), with no
 * {@code CAMEL_ROUTES_INCLUDE_PATTERN}, it runs every route of {@code routes/*.camel.yaml} (loaded from the jar's
 * {@code classpath:routes/}), as Camel's own figures on {@code /actuator/prometheus} show, and answers a call.
 */
class PackagedRoutesIT extends FaultTest {

    private static final Pattern ROUTE_ID = Pattern.compile("routeId=\"([^\"]+)\"");

    @Test
    void every_route_of_routes_runs_from_the_jar_started_outside_the_project() throws IOException {
        Set<String> declared = declaredRouteIds();
        assertThat(declared).as("routes/*.camel.yaml").hasSizeGreaterThan(20).contains("send", "redelivery");

        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-routes");
        try (ServiceProcess service = ServiceProcess.start("packaged-routes", env)) {
            assertThat(service.workingDirectory()).isNotEqualTo(Path.of("").toAbsolutePath());
            try (Stream<Path> beside = Files.list(service.workingDirectory())) {
                assertThat(beside.map(p -> p.getFileName().toString())).doesNotContain("routes");
            }

            String metrics = new Api(service.baseUrl()).get("/actuator/prometheus").raw();
            Set<String> running = new TreeSet<>();
            Matcher matcher = ROUTE_ID.matcher(metrics);
            while (matcher.find()) {
                if (!matcher.group(1).isEmpty()) {
                    running.add(matcher.group(1));
                }
            }
            assertThat(running).as("route ids on /actuator/prometheus").containsAll(declared);
            assertThat(gauge(metrics, "camel_routes_added_routes")).as("routes in the CamelContext")
                    .isEqualTo(declared.size());

            Api operator = new Api(service.baseUrl());
            String tenantId = operator.tenant("Routes");
            assertThat(operator.get("/tenants/" + tenantId).status()).isEqualTo(200);
        }
    }

    /** The ids of the routes declared in routes/ (each {@code route}'s, and the REST contract's {@code routeId}). */
    @SuppressWarnings("unchecked")
    private static Set<String> declaredRouteIds() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Map<String, Object> item : (List<Map<String, Object>>) new Yaml().load(reader)) {
                        if (item.get("route") instanceof Map<?, ?> route) {
                            ids.add(String.valueOf(route.get("id")));
                        }
                        if (item.get("rest") instanceof Map<?, ?> rest
                                && rest.get("openApi") instanceof Map<?, ?> openApi) {
                            ids.add(String.valueOf(openApi.get("routeId")));
                        }
                    }
                }
            }
        }
        return ids;
    }

    private static int gauge(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " on /actuator/prometheus"));
    }
}
