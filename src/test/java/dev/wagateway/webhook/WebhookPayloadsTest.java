package dev.wagateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.message.MessageStatus;
import org.junit.jupiter.api.Test;

/** Every stored Meta payload read as the service reads it: what counts, and what is passed over without failing. */
class WebhookPayloadsTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T12:00:00Z");
    private final WebhookPayloads payloads = new WebhookPayloads(new ObjectMapper());

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = WebhookPayloadsTest.class.getResourceAsStream("/webhooks/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_failed_status_carries_whatsapps_code_message_and_details() throws IOException {
        List<ReportedStatus> statuses = payloads.statuses(fixture("webhook_status_failed_131026_contacts_no_href.json"),
                RECEIVED);

        assertThat(statuses).containsExactly(new ReportedStatus("967249473135513",
                "wamid.TESTGAsxNTU1MDAwMTExMRUCABEYElRFU1RGQUlMMQ==", MessageStatus.FAILED,
                Instant.ofEpochSecond(1_778_251_283L), "131026", "Message undeliverable: Message Undeliverable."));
    }

    @Test
    void statuses_and_messages_batched_in_one_value_are_all_read() throws IOException {
        byte[] body = fixture("webhook_statuses_batched_with_message.json");

        assertThat(payloads.statuses(body, RECEIVED)).extracting(ReportedStatus::status)
                .containsExactly(MessageStatus.SENT, MessageStatus.FAILED);
        assertThat(payloads.inbound(body, RECEIVED)).extracting(InboundMessage::type).containsExactly("text");
    }

    @Test
    void every_status_fixture_gives_its_one_status_with_its_timestamp() throws IOException {
        for (String name : List.of("webhook_status_delivered_biz_opaque_callback_data.json",
                "webhook_status_read_minimal.json", "webhook_status_sent_cbp.json",
                "webhook_status_sent_pmp_bsuid_contacts.json")) {
            List<ReportedStatus> statuses = payloads.statuses(fixture(name), RECEIVED);
            assertThat(statuses).as(name).hasSize(1);
            assertThat(statuses.get(0).occurredAt()).as(name).isBefore(RECEIVED);
            assertThat(statuses.get(0).errorCode()).as(name).isNull();
        }
    }

    @Test
    void inbound_messages_keep_type_sender_name_and_content() throws IOException {
        InboundMessage text = payloads.inbound(fixture("webhook_inbound_text_captured.json"), RECEIVED).get(0);
        assertThat(text.from()).isEqualTo("15550002222");
        assertThat(text.profileName()).isEqualTo("Test User");
        assertThat(text.content()).isEqualTo("Hihu");
        assertThat(text.sentAt()).isEqualTo(Instant.ofEpochSecond(1_694_427_240L));
        assertThat(text.toString()).doesNotContain("Hihu").doesNotContain("15550002222");

        InboundMessage reaction = payloads.inbound(fixture("webhook_inbound_reaction.json"), RECEIVED).get(0);
        assertThat(reaction.type()).isEqualTo("reaction");
        assertThat(reaction.content()).contains("\"emoji\"");

        assertThat(payloads.inbound(fixture("webhook_multiple_changes_one_entry.json"), RECEIVED)).hasSize(2);
    }

    @Test
    void what_is_not_a_status_or_a_usable_message_is_passed_over() throws IOException {
        for (String name : List.of("webhook_template_status_rejected.json", "webhook_value_errors_130429.json")) {
            assertThat(payloads.statuses(fixture(name), RECEIVED)).as(name).isEmpty();
            assertThat(payloads.inbound(fixture(name), RECEIVED)).as(name).isEmpty();
        }
        // the username era: no phone number in `from`
        assertThat(payloads.inbound(fixture("webhook_inbound_text_bsuid_empty_wa_id.json"), RECEIVED)).isEmpty();
        assertThat(payloads.statuses("{}".getBytes(StandardCharsets.UTF_8), RECEIVED)).isEmpty();
        assertThat(payloads.statuses(utf8("{\"entry\": [{\"changes\": [{\"value\": {\"statuses\": [{\"id\": \"w\","
                + " \"status\": \"deleted\"}, {\"status\": \"read\"}]}}]}]}"), RECEIVED))
                .as("unknown status, no id").isEmpty();
        assertThat(payloads.statuses(utf8("{\"entry\": [{\"changes\": [{\"value\": {\"statuses\": [{\"id\": \"w\","
                + " \"status\": \"read\", \"timestamp\": \"soon\"}]}}]}]}"), RECEIVED).get(0).occurredAt())
                .as("no usable timestamp: when we received it").isEqualTo(RECEIVED);
        assertThatThrownBy(() -> payloads.statuses("{\"entry\": [".getBytes(StandardCharsets.UTF_8), RECEIVED))
                .isInstanceOf(IOException.class);
    }
}
