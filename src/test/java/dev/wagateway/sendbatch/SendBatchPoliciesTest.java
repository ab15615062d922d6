package dev.wagateway.sendbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.StrictPoliciesTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /messages/batch} under the policies that are off by default: the 24-hour window, judged per item as
 * for a single send, and TENANT_RATE_LIMIT (5 a second here), where each item is a send.
 */
class SendBatchPoliciesTest extends StrictPoliciesTest {

    private static final Map<String, Object> TEMPLATE = Map.of("name", "hello_world", "language", "en_US");

    private String tenantId;
    private String contactId;

    @BeforeEach
    void aTenantWithASilentContact() {
        tenantId = api.tenant("Batch policies");
        contactId = api.contact(tenantId, uniquePhone());
    }

    @AfterEach
    void nothingLeftQueued() {
        jdbc.update("UPDATE messages SET status = 'cancelled', next_attempt_at = NULL WHERE tenant_id = ?::uuid"
                + " AND status = 'queued'", tenantId);
    }

    private long messages() {
        return jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantId);
    }

    @Test
    void a_text_to_a_contact_silent_for_24_hours_is_refused_alone_a_template_goes() {
        Api.Response response = api.post("/messages/batch", Api.json(Map.of("messages", List.of(
                Map.of("contactId", contactId, "message", "a text"),
                Map.of("contactId", contactId, "type", "template", "template", TEMPLATE),
                Map.of("to", uniquePhone(), "message", "a text to a new number")))));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.data().path("accepted").asInt()).isEqualTo(1);
        assertThat(response.data().path("results").get(0).path("error").path("code").asText())
                .isEqualTo("OUTSIDE_CUSTOMER_SERVICE_WINDOW");
        assertThat(response.data().path("results").get(1).path("id").asText()).isNotBlank();
        assertThat(response.data().path("results").get(2).path("error").path("code").asText())
                .isEqualTo("OUTSIDE_CUSTOMER_SERVICE_WINDOW");
        assertThat(messages()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT type FROM messages WHERE tenant_id = ?::uuid", String.class,
                tenantId)).isEqualTo("template");
    }

    @Test
    void each_item_counts_against_the_tenants_rate_limit() {
        List<Object> many = Collections.nCopies(25, Map.of("contactId", contactId, "type", "template",
                "template", TEMPLATE));

        Api.Response first = api.post("/messages/batch", Api.json(Map.of("messages", many)));
        assertThat(first.status()).as("more than a second's worth passes on a full bucket: %s", first.raw())
                .isEqualTo(201);
        assertThat(first.data().path("accepted").asInt()).isEqualTo(25);

        Api.Response owed = api.post("/messages/batch", Api.json(Map.of("messages", many.subList(0, 1))));
        assertThat(owed.status()).as("25 taken of 5: the next send waits 4 s").isEqualTo(429);
        assertThat(owed.errorCode()).isEqualTo("RATE_LIMITED");
        assertThat(owed.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.post("/messages/send", Api.json(Map.of("contactId", contactId, "type", "template",
                "template", TEMPLATE))).status()).isEqualTo(429);
        assertThat(messages()).isEqualTo(25);
    }
}
