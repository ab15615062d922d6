package dev.wagateway.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.wagateway.Api;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What the fault tests share: their own database ({@code FAULTS_DB_URL}, default {@code whatsapp_faults}: emptied
 * before each test class, so the service under test sees only that test's messages), the Graph API stub, and the
 * environment every started service gets.
 */
final class FaultsEnvironment {

    static final String ADMIN_KEY = Api.ADMIN_KEY; // what Api sends for operator calls
    static final String PHONE_NUMBER_ID = "1234567890";
    static final String DB_URL = System.getenv().getOrDefault("FAULTS_DB_URL",
            "jdbc:postgresql://localhost:5432/whatsapp_faults");
    private static final String DB_USER = System.getenv().getOrDefault("TEST_DB_USERNAME", "whatsapp");
    private static final String DB_PASSWORD = System.getenv().getOrDefault("TEST_DB_PASSWORD", "whatsapp");
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultsEnvironment() {
    }

    /** The fault tests' database, emptied: the service started next migrates it afresh. */
    static JdbcTemplate emptyDatabase() {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(DB_URL, DB_USER, DB_PASSWORD));
        jdbc.execute("DROP OWNED BY CURRENT_USER");
        return jdbc;
    }

    /** The database's host and port (for a TcpProxy in front of it) and its name. */
    static Matcher database() {
        Matcher matcher = JDBC_URL.matcher(DB_URL);
        if (!matcher.matches()) {
            throw new IllegalStateException("FAULTS_DB_URL is not jdbc:postgresql://host[:port]/database: " + DB_URL);
        }
        return matcher;
    }

    /** The role the fault tests and their services connect as. */
    static String databaseUser() {
        return DB_USER;
    }

    /** Another database on the fault tests' server ({@code postgres}, say), as the same role. */
    static JdbcTemplate otherDatabase(String name) {
        Matcher db = database();
        String url = "jdbc:postgresql://" + db.group(1) + (db.group(2) == null ? "" : ":" + db.group(2)) + "/" + name;
        return new JdbcTemplate(new DriverManagerDataSource(url, DB_USER, DB_PASSWORD));
    }

    /** The environment of a service on the fault tests' database that calls no one (WhatsApp at a closed port). */
    static Map<String, String> quietService(String instanceId) {
        return ServiceProcess.env("DB_URL", DB_URL, "DB_USERNAME", DB_USER, "DB_PASSWORD", DB_PASSWORD,
                "WHATSAPP_API_BASE_URL", "http://127.0.0.1:9", "SECRETS_KEY", SECRETS_KEY, "INSTANCE_ID", instanceId);
    }

    /** The environment of a service on {@code dbUrl}, calling {@code graph}, named {@code instanceId}. */
    static Map<String, String> service(String dbUrl, WireMockServer graph, String instanceId) {
        return ServiceProcess.env("DB_URL", dbUrl, "DB_USERNAME", DB_USER, "DB_PASSWORD", DB_PASSWORD,
                "WHATSAPP_API_BASE_URL", graph.baseUrl(), "WHATSAPP_ACCESS_TOKEN", "faults-token",
                "WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID, "INSTANCE_ID", instanceId);
    }

    /** The test profile's SECRETS_KEY (32 bytes, tests only): it seals callbacks' signing secrets, tenants' tokens. */
    static final String SECRETS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /**
     * {@code env} with what tenant callbacks need to post to a {@code Receiver} on 127.0.0.1 (http and private
     * networks allowed, SECRETS_KEY set), claiming every 100 ms, short leases and retries, this many workers.
     */
    static Map<String, String> withCallbacks(Map<String, String> env, int concurrency) {
        env.putAll(ServiceProcess.env("SECRETS_KEY", SECRETS_KEY, "CALLBACK_ALLOW_HTTP", "true",
                "CALLBACK_ALLOW_PRIVATE_NETWORKS", "true", "CALLBACK_TIMEOUT", "2s", "CALLBACK_CONNECT_TIMEOUT", "1s",
                "CALLBACK_BACKOFF_BASE", "200ms", "CALLBACK_BACKOFF_MAX", "1s", "CALLBACK_POLL_INTERVAL", "100ms",
                "CALLBACK_LEASE", "5s", "CALLBACK_CONCURRENCY", String.valueOf(concurrency),
                "CALLBACK_CONCURRENCY_PER_TENANT", String.valueOf(2 * concurrency)));
        return env;
    }

    /** Sets the tenant's endpoint (operator key) to {@code url} for {@code events}; returns its signing secret. */
    static String subscribe(Api api, String tenantId, String url, String... events) {
        Api.Response set = api.put("/tenants/" + tenantId + "/callback",
                Api.json(Map.of("url", url, "events", List.of(events))));
        if (set.status() != 200) {
            throw new IllegalStateException("callback not set: " + set.raw());
        }
        return set.data().path("signing_secret").asText();
    }

    /** A Graph API stub with room for many calls at once (delays do not hold its threads). */
    static WireMockServer graph() {
        WireMockServer graph = new WireMockServer(options().dynamicPort().containerThreads(200)
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(20));
        graph.start();
        return graph;
    }

    /** Every send is accepted after {@code latencyMillis}, with a fresh wamid. */
    static void accepts(WireMockServer graph, int latencyMillis) {
        graph.resetAll();
        graph.stubFor(post(urlPathMatching("/v[0-9.]+/" + PHONE_NUMBER_ID + "/messages")).willReturn(accepted()
                .withFixedDelay(latencyMillis)));
    }

    static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=32 type='ALPHANUMERIC'}}\"}]}")
                .withTransformers("response-template");
    }

    /** How many times the stub answered 200 to a send of each text (every test message has its own text). */
    static Map<String, Long> acceptedTexts(WireMockServer graph) {
        List<ServeEvent> served = graph.getAllServeEvents();
        return served.stream().filter(e -> e.getResponse().getStatus() == 200)
                .map(e -> text(e.getRequest().getBodyAsString()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String text(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.path("text").path("body").asText();
        } catch (Exception e) {
            throw new IllegalStateException("not a send: " + body, e);
        }
    }

    /** {@code count} contacts of the tenant, with (Indian mobile) numbers of their own; returns their ids. */
    static List<String> contacts(Api api, String tenantId, int count) {
        long base = System.nanoTime() % 1_000_000 * 100;
        return IntStream.range(0, count)
                .mapToObj(i -> api.contact(tenantId, String.format("+9198%08d", (base + i) % 100_000_000))).toList();
    }

    /**
     * {@code count} queued messages, due now, written straight into the database (as ingestion would), spread over
     * the contacts, with the texts {@code prefix-0} … {@code prefix-(count-1)}.
     */
    static void backlog(JdbcTemplate jdbc, String tenantId, List<String> contactIds, String prefix, int count) {
        for (String contactId : contactIds) {
            jdbc.update("INSERT INTO conversations (id, tenant_id, contact_id, created_at) VALUES (gen_random_uuid(),"
                    + " ?::uuid, ?::uuid, now()) ON CONFLICT (tenant_id, contact_id) DO NOTHING", tenantId, contactId);
        }
        jdbc.update("INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, created_at,"
                + " updated_at, expires_at) SELECT gen_random_uuid(), c.tenant_id, c.id, c.contact_id, 'text',"
                + " ? || '-' || n, 'queued', now(), now(), now() + interval '1 day'"
                + " FROM generate_series(0, ? - 1) n JOIN (SELECT row_number() OVER () - 1 AS k, id, tenant_id,"
                + " contact_id FROM conversations WHERE tenant_id = ?::uuid) c ON c.k = n % ?",
                prefix, count, tenantId, contactIds.size());
    }
}
