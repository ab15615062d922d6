package dev.wagateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wagateway.whatsapp.WhatsAppCircuit;
import dev.wagateway.whatsapp.WhatsAppThrottle;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service as it runs: the YAML routes, the web server on a random port, the test PostgreSQL database (the
 * one {@link TestDatabase} chooses: TEST_DB_URL, else docker-compose.yml's with Docker), reached through a
 * {@link TcpProxy}, and a WireMock server standing in for Meta's Graph API. Every subclass shares one Spring context
 * (same configuration), so the ~20 s start-up is paid once; each test makes its own tenant, so tests never see each
 * other's rows.
 */
@ExtendWith(TestDatabase.class) // first: without a database each class fails with one line, before Spring starts
@CamelSpringBootTest
@DisableJmx(false) // Camel's MBeans are part of what is tested (MonitoringTest)
@AutoConfigureObservability // ...and so is /actuator/prometheus, which Spring Boot's tests switch off by default
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    /** The Graph API stub: one for the whole JVM, reset before each test. */
    protected static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    private static final AtomicLong PHONE_SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);
    private static final TestDatabase.Choice TEST_DB = TestDatabase.chosen();

    /** Between the service and the test database: a test can cut it to play a database outage. */
    protected static final TcpProxy DATABASE;

    static {
        GRAPH.start();
        try {
            DATABASE = new TcpProxy(TEST_DB.host(), TEST_DB.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void graphApiAndDatabase(DynamicPropertyRegistry registry) {
        registry.add("whatsapp.api-base-url", GRAPH::baseUrl);
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + DATABASE.port() + "/"
                + TEST_DB.database());
    }

    /** Remote JMX has a password in the test profile, so it wants TLS: the test JVM's keystore (and trust). */
    @DynamicPropertySource
    static void remoteJmxTls(DynamicPropertyRegistry registry) {
        registry.add("jmx.keystore", () -> TestKeystore.shared().path().toString());
        registry.add("jmx.keystore-password", () -> TestKeystore.shared().password());
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

    /**
     * A text the customer wrote (as the webhook stores one, with WhatsApp's id {@code wamid}), in the (tenant,
     * contact) conversation, which it opens; its id.
     */
    protected String customerWrote(String tenantId, String contactId, String wamid) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO conversations (id, tenant_id, contact_id, created_at, last_message_at, last_inbound_at)
                VALUES (gen_random_uuid(), ?::uuid, ?::uuid, now(), now(), now())
                ON CONFLICT (tenant_id, contact_id) DO UPDATE SET last_inbound_at = now()""", tenantId, contactId);
        jdbc.update("""
                INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, direction,
                    external_message_id, metadata, created_at, updated_at, expires_at, attempts)
                SELECT ?, c.tenant_id, c.id, c.contact_id, 'text', 'Can I come at 10?', 'received', 'inbound', ?,
                    '{}'::jsonb, now(), now(), now() + interval '1 day', 0
                FROM conversations c WHERE c.tenant_id = ?::uuid AND c.contact_id = ?::uuid""", id, wamid, tenantId,
                contactId);
        return id.toString();
    }
}
