package dev.wagateway;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import dev.wagateway.config.LocalDatabase;
import org.springframework.boot.docker.compose.core.DockerCompose;
import org.springframework.boot.docker.compose.core.DockerComposeFile;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.logging.LogLevel;

/**
 * What {@link TestDatabase} asks of this machine: does PostgreSQL answer at a URL (a JDBC connection as
 * {@code TEST_DB_USERNAME}, within a few seconds), does Docker answer (as {@code spring-boot:run} asks it:
 * {@link LocalDatabase#dockerAnswers()}), and docker-compose.yml's {@code postgres} started through Spring Boot's
 * Docker Compose library ({@code docker compose up --wait postgres}), its published port read back and waited on
 * until the database answers. Spring Boot's Docker Compose start-up itself stays off in tests: its connection details
 * would replace the URL, and with it IntegrationTest's TcpProxy.
 */
final class MachineProbes implements TestDatabase.Probes {

    private static final String SERVICE_LABEL = "com.docker.compose.service";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Override
    public Optional<String> unreachable(String url) {
        Properties properties = new Properties();
        properties.setProperty("user", System.getenv().getOrDefault("TEST_DB_USERNAME", "whatsapp"));
        properties.setProperty("password", System.getenv().getOrDefault("TEST_DB_PASSWORD", "whatsapp"));
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return connection.isValid(3) ? Optional.empty() : Optional.of("the connection is not valid");
        } catch (SQLException e) {
            return Optional.of(TestDatabase.firstLine(e.getMessage()));
        }
    }

    @Override
    public boolean dockerAvailable() {
        return LocalDatabase.dockerAnswers();
    }

    @Override
    public String startComposePostgres(String database) {
        DockerCompose compose = DockerCompose.get(DockerComposeFile.of(new File("docker-compose.yml")), null, Set.of());
        compose.up(LogLevel.INFO, List.of("postgres"));
        RunningService postgres = compose.getRunningServices().stream()
                .filter(service -> "postgres".equals(service.labels().get(SERVICE_LABEL))).findFirst()
                .orElseThrow(() -> new IllegalStateException("docker compose up postgres: no postgres running after it"));
        String url = "jdbc:postgresql://" + postgres.host() + ":" + postgres.ports().get(5432) + "/" + database;
        // --wait returns once the health check passes, which it may while the image's first start still runs its
        // init scripts (the test databases): wait until the database itself answers
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (unreachable(url).isPresent() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return url;
    }
}
