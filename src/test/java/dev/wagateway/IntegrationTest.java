package dev.wagateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wagateway.whatsapp.WhatsAppCircuit;
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

    static {
        GRAPH.start();
    }

    @DynamicPropertySource
    static void graphApi(DynamicPropertyRegistry registry) {
        registry.add("whatsapp.api-base-url", GRAPH::baseUrl);
    }

    @LocalServerPort
    private int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected CamelContext camelContext;

    protected Api api;

    @Autowired
    protected WhatsAppCircuit circuit;

    @BeforeEach
    void resetStubAndClient() {
        GRAPH.resetAll();
        // a configuration failure in an earlier test may have opened the circuit: each test starts closed
        circuit.reset();
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
