package dev.wagateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wagateway.whatsapp.WhatsAppCircuit;
import dev.wagateway.whatsapp.WhatsAppThrottle;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service as it runs: the YAML routes, the web server on a random port, the test PostgreSQL database, and
 * a WireMock server standing in for Meta's Graph API. Every subclass shares one Spring context (same configuration),
 * so the ~20 s start-up is paid once; each test makes its own tenant, so tests never see each other's rows.
 */
@CamelSpringBootTest
@DisableJmx(false) // Camel's MBeans are part of what is tested (MonitoringTest)
@AutoConfigureObservability // ...and so is /actuator/prometheus, which Spring Boot's tests switch off by default
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    /** The Graph API stub: one for the whole JVM, reset before each test. */
    protected static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    private static final AtomicLong PHONE_SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(.*)");
    private static final Matcher TEST_DB = matchTestDatabase();

    /** Between the service and the test database: a test can cut it to play a database outage. */
    protected static final TcpProxy DATABASE;

    static {
        GRAPH.start();
        try {
            DATABASE = new TcpProxy(TEST_DB.group(1), TEST_DB.group(2) == null ? 5432 : Integer.parseInt(TEST_DB.group(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void graphApiAndDatabase(DynamicPropertyRegistry registry) {
        registry.add("whatsapp.api-base-url", GRAPH::baseUrl);
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + DATABASE.port() + "/"
                + TEST_DB.group(3));
    }

    /** The test profile's database URL ({@code TEST_DB_URL}, as application-test.yml reads it). */
    private static Matcher matchTestDatabase() {
        String url = System.getenv().getOrDefault("TEST_DB_URL", "jdbc:postgresql://localhost:5432/whatsapp_test");
        Matcher matcher = JDBC_URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalStateException("TEST_DB_URL is not jdbc:postgresql://host[:port]/database: " + url);
        }
        return matcher;
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected CamelContext camelContext;

    protected Api api;

    @Autowired
    protected WhatsAppCircuit circuit;

    @Autowired
    protected WhatsAppThrottle throttle;

    @BeforeEach
    void resetStubAndClient() {
        GRAPH.resetAll();
        // a configuration failure in an earlier test may have opened the circuit: each test starts closed
        circuit.reset();
        throttle.reset();
        api = new Api(port);
    }

    /** A valid Indian mobile number, different on every call. */
    protected static String uniquePhone() {
        return String.format("+9198%08d", PHONE_SEQUENCE.incrementAndGet() % 100_000_000);
    }

    /** A Graph API payload from src/test/resources/graph (copies of what Meta sends). */
    protected static String fixture(String name) {
        try (InputStream in = IntegrationTest.class.getResourceAsStream("/graph/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
