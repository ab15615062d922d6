package dev.wagateway.faults;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

/** A fault test: the fault tests' database, emptied, a Graph API stub of its own, and questions about a tenant's messages. */
abstract class FaultTest {

    protected static JdbcTemplate jdbc;
    protected static WireMockServer graph;

    @BeforeAll
    static void emptyDatabaseAndStub() {
        jdbc = FaultsEnvironment.emptyDatabase();
        graph = FaultsEnvironment.graph();
    }

    @AfterAll
    static void stopStub() {
        graph.stop();
    }

    /** The tenant's messages that meet {@code condition} (SQL). */
    protected static int count(String tenantId, String condition) {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND " + condition,
                Integer.class, tenantId);
    }

    protected static List<String> contents(String tenantId, String condition) {
        return jdbc.queryForList("SELECT content FROM messages WHERE tenant_id = ?::uuid AND " + condition,
                String.class, tenantId);
    }

    /** The texts of messages marked {@code metadata.possible_duplicate}. */
    protected static List<String> markedDuplicates(String tenantId) {
        return contents(tenantId, "metadata ->> 'possible_duplicate' = 'true'");
    }

    /** The texts WhatsApp (the stub) accepted more than once. */
    protected static List<String> sentTwice() {
        return FaultsEnvironment.acceptedTexts(graph).entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).toList();
    }
}
