package dev.wagateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The seed's own scenario: the service runs without WhatsApp credentials. Sends are accepted (201) and stay queued
 * until credentials arrive; nothing is sent. (A second Spring context: the only test class that needs one.)
 */
// Its Quartz scheduler stays stopped and out of the test cluster: this context must not take part in redelivery for
// the other test classes (it would claim their messages and hold them back for want of credentials); nor in posting
// tenant callbacks (tenant-callbacks.camel.yaml's routes left out: they would claim their deliveries). No Camel
// MBeans either: each context's beside the shared one's would make the console's JMX tree (ConsoleTest) 3.4 MB more.
@TestPropertySource(properties = {"whatsapp.access-token=", "whatsapp.phone-number-id=",
        "spring.quartz.auto-startup=false", "camel.component.quartz.auto-start-scheduler=false",
        "spring.quartz.scheduler-name=no-credentials", "redelivery.instance-id=test-no-credentials",
        "ingest.inbox-dir=target/inbox-no-credentials",
        "camel.main.route-filter-exclude-pattern=callback-dispatch,callback-worker,callback-record,callback-sweep,callback-startup",
        "camel.main.jmx-enabled=false"})
class NoCredentialsTest extends IntegrationTest {

    @Test
    void send_without_credentials_answers_201_queued_and_calls_nobody() {
        String tenantId = api.tenant("Acme");
        String contactId = api.contact(tenantId, uniquePhone());

        Api.Response response = api.send(tenantId, contactId, "Your code is 123456");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).isEqualTo("queued");
        assertThat(response.data().path("attempts").asInt()).isZero();
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM messages WHERE id = ?::uuid",
                response.data().path("id").asText());
        assertThat(row.get("status")).isEqualTo("queued");
        assertThat(row.get("last_error_code")).isEqualTo("WHATSAPP_NOT_CONFIGURED");
        assertThat(row.get("next_attempt_at")).isNotNull();
        assertThat(GRAPH.getAllServeEvents()).isEmpty();
    }
}
