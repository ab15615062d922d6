package dev.wagateway;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which PostgreSQL the tests use, chosen once per JVM and said in one line. In order: the database at
 * {@code TEST_DB_URL} (default {@value #DEFAULT_URL}) when it answers; else, when Docker answers, docker-compose.yml's
 * {@code postgres} service, started and then used (its init script creates {@code whatsapp_test}; it keeps running
 * afterwards, as {@code spring-boot:run} leaves it); else the tests stop with one line saying what is missing. The
 * machine is asked through {@link Probes} ({@link MachineProbes} for real), so each case is unit-tested
 * (TestDatabaseTest). As a JUnit extension (on IntegrationTest) a missing database fails each test class with that
 * line before Spring starts.
 */
public final class TestDatabase implements BeforeAllCallback {

    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/whatsapp_test";
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(.+)");
    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);

    private static Choice chosen;
    private static String failure;

    /** What the choice asks of the machine. */
    interface Probes {

        /** Why nothing usable answers at {@code url} (one phrase); empty when it answers. */
        Optional<String> unreachable(String url);

        /** Whether a Docker daemon answers. */
        boolean dockerAvailable();

        /** Starts docker-compose.yml's postgres and returns the JDBC URL of {@code database} on it, once it answers. */
        String startComposePostgres(String database);
    }

    /** The database chosen: its JDBC URL, and where it came from. */
    public record Choice(String url, String source) {

        public String host() {
            return parse(url).group(1);
        }

        public int port() {
            String port = parse(url).group(2);
            return port == null ? 5432 : Integer.parseInt(port);
        }

        /** The database's name, with the URL's parameters if it has any. */
        public String database() {
            return parse(url).group(3);
        }
    }

    /** The tests' database, chosen on the first call; the same answer, or the same one-line failure, after it. */
    public static synchronized Choice chosen() {
        if (chosen == null && failure == null) {
            try {
                chosen = choose(configuredUrl(System.getenv()), new MachineProbes());
                LOG.info("Test database: {} ({})", chosen.url(), chosen.source());
            } catch (IllegalStateException e) {
                failure = e.getMessage();
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return chosen;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        chosen();
    }

    /** {@code TEST_DB_URL}, or the default. */
    static String configuredUrl(Map<String, String> environment) {
        String url = environment.get("TEST_DB_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url.strip();
    }

    /** The choice itself: TEST_DB_URL if it answers, else Docker's postgres, else one line saying what is missing. */
    static Choice choose(String configured, Probes probes) {
        String database = parse(configured).group(3);
        Optional<String> problem = probes.unreachable(configured);
        if (problem.isEmpty()) {
            return new Choice(configured, "TEST_DB_URL");
        }
        String missing = "No test database: nothing answers at TEST_DB_URL=" + configured + " (" + problem.get() + ")";
        if (!probes.dockerAvailable()) {
            throw new IllegalStateException(missing + " and there is no Docker to start docker-compose.yml's postgres:"
                    + " start PostgreSQL there (role whatsapp, database " + database + "), set TEST_DB_URL, or start"
                    + " Docker");
        }
        String started;
        try {
            started = probes.startComposePostgres(database);
        } catch (RuntimeException e) {
            throw new IllegalStateException(missing + ", and docker-compose.yml's postgres did not start with Docker: "
                    + firstLine(e.getMessage()));
        }
        Optional<String> stillMissing = probes.unreachable(started);
        if (stillMissing.isPresent()) {
            throw new IllegalStateException(missing + ", and docker-compose.yml's postgres, started with Docker, does"
                    + " not answer at " + started + " (" + stillMissing.get() + ")");
        }
        return new Choice(started, "docker-compose.yml's postgres, started with Docker; `docker compose stop postgres`"
                + " stops it");
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }

    private static Matcher parse(String url) {
        Matcher matcher = JDBC_URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalStateException("TEST_DB_URL is not jdbc:postgresql://host[:port]/database: " + url);
        }
        return matcher;
    }
}
