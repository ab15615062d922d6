package dev.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker cannot run here, so the Dockerfile and docker-compose.yml are checked by reading them: the rules a review
 * (and hadolint) would apply, and what docs/operations.md ("Running it") promises of them.
 */
class ContainerFilesTest {

    private static final Pattern FROM = Pattern.compile("(?im)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");

    /** Instructions, with their continuation lines joined and comments left out. */
    private static List<String> instructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
            } else {
                instructions.add(current.toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    @Test
    void the_dockerfile_builds_with_the_wrapper_and_runs_the_layered_jar_on_a_jre_as_a_non_root_user()
            throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        List<String> instructions = instructions();

        Matcher from = FROM.matcher(dockerfile);
        List<String> images = new ArrayList<>();
        while (from.find()) {
            images.add(from.group(1));
            assertThat(from.group(1)).as("a pinned tag, never latest (DL3006, DL3007)").contains(":")
                    .doesNotEndWith(":latest");
        }
        assertThat(images).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(images.get(images.size() - 1)).as("runs on a JRE image").contains("-jre");
        assertThat(dockerfile).contains("AS build").contains("./mvnw -B");

        List<String> runtime = instructions.subList(lastFrom(instructions), instructions.size());
        assertThat(runtime).as("the layered jar, least changing layer first").containsSubsequence(
                "COPY --from=build /build/extracted/dependencies/ ./",
                "COPY --from=build /build/extracted/spring-boot-loader/ ./",
                "COPY --from=build /build/extracted/snapshot-dependencies/ ./",
                "COPY --from=build /build/extracted/application/ ./");
        assertThat(dockerfile).contains("-Djarmode=tools").contains("--layers");

        String user = runtime.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring(5).strip()).as("non-root (DL3002)").isNotIn("root", "0", "0:0");
        assertThat(runtime.indexOf(user)).as("USER before the entrypoint")
                .isLessThan(indexOfPrefix(runtime, "ENTRYPOINT"));

        String healthcheck = runtime.stream().filter(i -> i.startsWith("HEALTHCHECK")).findFirst().orElseThrow();
        assertThat(healthcheck).contains("/actuator/health/liveness").contains("--start-period=");

        String entrypoint = runtime.stream().filter(i -> i.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        List<String> command = new ObjectMapper().readValue(entrypoint.substring("ENTRYPOINT".length()).strip(),
                new TypeReference<List<String>>() { });
        assertThat(command).as("exec form (DL3025), memory limit honoured").contains("java",
                "org.springframework.boot.loader.launch.JarLauncher");
        assertThat(command).anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage=")).noneMatch(a -> a.startsWith("-Xmx"));

        assertThat(instructions).as("COPY, not ADD (DL3020)").noneMatch(i -> i.startsWith("ADD "));
        assertThat(instructions).as("no sudo (DL3004)").noneMatch(i -> i.contains("sudo "));
        assertThat(instructions.stream().filter(i -> i.startsWith("WORKDIR ")))
                .as("absolute WORKDIR (DL3000)").allMatch(i -> i.substring(8).startsWith("/"));
        List<String> build = instructions.subList(0, lastFrom(instructions));
        assertThat(build.indexOf("COPY routes/ routes/"))
                .as("the routes are the architecture: copied into the build, before the jar is packaged with them")
                .isNotNegative().isLessThan(indexOfPrefix(build, "RUN ./mvnw -B -q package"));
        assertThat(runtime).as("...and read from the jar (classpath:routes/), not from the image's file system")
                .noneMatch(i -> i.contains("routes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void compose_starts_the_gateway_once_postgresql_is_healthy() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("postgres", "app", "whatsapp-sandbox");

        Map<String, Object> postgres = services.get("postgres");
        assertThat((List<String>) postgres.get("ports")).contains("5432:5432");
        Map<String, Object> health = (Map<String, Object>) postgres.get("healthcheck");
        assertThat(String.valueOf(health.get("test"))).contains("pg_isready");
        assertThat(health).containsKeys("interval", "retries");

        Map<String, Object> app = services.get("app");
        assertThat(app.get("build")).isEqualTo(".");
        assertThat((List<String>) app.get("ports")).contains("8080:8080");
        Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) app.get("depends_on");
        assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
        Map<String, Object> environment = (Map<String, Object>) app.get("environment");
        assertThat(String.valueOf(environment.get("DB_URL"))).isEqualTo("jdbc:postgresql://postgres:5432/whatsapp");
        // every variable the compose file sets is one the service reads (docs/configuration.md's table)
        assertThat(ConfigurationTableTest.configurationTable().values().stream().map(ConfigurationTableTest.Row::env))
                .containsAll(environment.keySet());

        // ./mvnw spring-boot:run starts this file's PostgreSQL and WhatsApp sandbox, not its app (application.yml)
        assertThat(EnvironmentNames.class.getResource("/application.yml")).isNotNull();
        Map<String, Object> dockerCompose = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                new Yaml().<Map<String, Object>>load(Files.readString(Path.of("src/main/resources/application.yml")))
                        .get("spring")).get("docker")).get("compose");
        assertThat(dockerCompose).containsEntry("file", "docker-compose.yml");
        assertThat((List<String>) ((Map<String, Object>) dockerCompose.get("start")).get("arguments"))
                .containsExactly("postgres", "whatsapp-sandbox");
        assertThat((List<String>) services.get("whatsapp-sandbox").get("ports")).contains("8089:8080");
    }

    @Test
    @SuppressWarnings("unchecked")
    void compose_postgresql_preloads_pg_stat_statements_and_creates_it_in_the_test_databases() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> postgres = ((Map<String, Map<String, Object>>) compose.get("services")).get("postgres");
        // SendPathBudgetIT counts the send path's statements in pg_stat_statements: the server must load it at start
        assertThat((List<String>) postgres.get("command"))
                .containsExactly("postgres", "-c", "shared_preload_libraries=pg_stat_statements");

        // ...and the init script creates the extension in each test database it creates
        String target = ((List<Map<String, String>>) postgres.get("configs")).get(0).get("target");
        assertThat(target).startsWith("/docker-entrypoint-initdb.d/").endsWith(".sql");
        String init = ((Map<String, Map<String, String>>) compose.get("configs")).get("create-test-database")
                .get("content");
        for (String database : List.of("whatsapp_test", "whatsapp_faults")) {
            assertThat(init).contains("CREATE DATABASE " + database + " OWNER whatsapp;")
                    .containsPattern("(?m)^\\\\connect " + database + "\\s*\\nCREATE EXTENSION IF NOT EXISTS"
                            + " pg_stat_statements;$");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void compose_observability_profile_adds_prometheus_with_the_operator_key_and_grafana_with_the_dashboard()
            throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services.get("app")).as("the plain `docker compose up` is unchanged").doesNotContainKey("profiles");
        for (String name : List.of("prometheus", "grafana")) {
            Map<String, Object> service = services.get(name);
            assertThat((List<String>) service.get("profiles")).as(name).containsExactly("observability");
            assertThat((String) service.get("image")).as(name + ": a pinned tag").matches("[a-z/]+:v?\\d+\\.\\d+\\.\\d+");
            for (String volume : (List<String>) service.get("volumes")) {
                String source = volume.split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as(name + " mounts what the repository holds").exists();
                }
            }
        }

        // Prometheus: ops/prometheus as its configuration; the operator key the app has, as the file it reads
        Map<String, Object> prometheus = services.get("prometheus");
        assertThat((List<String>) prometheus.get("volumes")).contains("./ops/prometheus:/etc/prometheus:ro");
        assertThat((List<String>) prometheus.get("command")).contains("--config.file=/etc/prometheus/prometheus.yml");
        Map<String, String> keyConfig = ((List<Map<String, String>>) prometheus.get("configs")).get(0);
        Map<String, Object> scrape = ((List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(
                Files.readString(Path.of("ops/prometheus/prometheus.yml"))).get("scrape_configs")).get(0);
        assertThat(((Map<String, String>) scrape.get("authorization")).get("credentials_file"))
                .isEqualTo(keyConfig.get("target"));
        String key = ((Map<String, Map<String, String>>) compose.get("configs")).get(keyConfig.get("source"))
                .get("content");
        assertThat(key).as("the same key as the app's ADMIN_API_KEY")
                .isEqualTo(((Map<String, Object>) services.get("app").get("environment")).get("ADMIN_API_KEY"));
        assertThat(String.valueOf(((List<Map<String, Object>>) scrape.get("static_configs")).get(0).get("targets")))
                .as("scrapes the app service on its port").isEqualTo("[app:8080]");

        // Grafana: the provisioning (data source, dashboard provider) and the dashboard where the provider reads it
        List<String> grafana = (List<String>) services.get("grafana").get("volumes");
        assertThat(grafana).contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./ops/grafana/whatsapp-gateway.json:/etc/grafana/dashboards/whatsapp-gateway.json:ro");
        assertThat(Files.readString(Path.of("ops/grafana/provisioning/dashboards/whatsapp-gateway.yml")))
                .contains("path: /etc/grafana/dashboards");
        assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("prometheus-data", "grafana-data");
    }

    private static int lastFrom(List<String> instructions) {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        return last;
    }

    private static int indexOfPrefix(List<String> instructions, String prefix) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
