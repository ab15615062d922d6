package dev.wagateway.webhook;

import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every type a customer sends, from Meta's payloads (src/test/resources/webhooks: copies of real and documented
 * ones; video, audio and sticker written in the shape of Meta's webhook reference), through the signed webhook route:
 * stored inbound with its type, and its content the JSON of Meta's object with each of its fields (a media file's
 * id, MIME type, sha256, caption, filename; a location's coordinates; a reply's id and title...).
 */
class InboundTypesTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{1} from {0}")
    @CsvSource(delimiter = '|', value = {
        "webhook_inbound_image.json            | image       | id=8472976218001204, mime_type=image/jpeg, sha256=ciJuSxU7RLnnFz3cNcasdL7UQKt9e1yj/3u+Rhsabv0=",
        "webhook_inbound_document.json         | document    | id=848704520347750, mime_type=application/pdf, sha256=mu/J5jGsroQM3Tbn4c6StBJG4C4glbTi8gT4jhRHSt0=, filename=4_641947.pdf",
        "webhook_inbound_video_synthetic.json  | video       | id=1206318190871541, mime_type=video/mp4, sha256=b1Lvd1ZJ9yJ5yVwXyK0n2m1T7Yp3y5u8W4b6c7d8e9f=, caption=Unboxing",
        "webhook_inbound_audio_synthetic.json  | audio       | id=1003383421387256, mime_type=audio/ogg; codecs=opus, voice=true",
        "webhook_inbound_sticker_synthetic.json | sticker    | id=3092361297647592, mime_type=image/webp, animated=false",
        "webhook_inbound_location.json         | location    | latitude=-10.93941311633, longitude=-10.606395436721, url=https://foursquare.com/v/5c42c5667d8497002c6e09f9",
        "webhook_inbound_interactive_button_reply.json | interactive | type=button_reply, button_reply.id=callback_data, button_reply.title=title",
        "webhook_inbound_interactive_list_reply.json | interactive | type=list_reply, list_reply.id=callback_data, list_reply.title=title, list_reply.description=description",
        "webhook_inbound_button_with_context.json | button   | payload=SIM, text=SIM",
        "webhook_inbound_reaction.json         | reaction    | message_id=wamid.TESTGAsxNTU1MDAwMTExMRUCABEYElRFU1RSRUFDVA==, emoji=\uD83D\uDC4D",
    })
    void each_inbound_type_is_stored_with_its_fields(String fixture, String type, String fields) throws Exception {
        String tenantId = api.tenant("Inbound " + type);
        String phone = uniquePhone();
        String contactId = api.contact(tenantId, phone);
        String wamid = "wamid.TESTTYPE" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = bytes(MetaPayloads.inbound(fixture, phone, wamid, Instant.now().getEpochSecond()));

        assertThat(api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", sign(body))).status())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class, wamid) == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT tenant_id::text AS tenant, contact_id::text AS contact,"
                + " direction, status, type, content FROM messages WHERE external_message_id = ?", wamid);
        assertThat(row).containsEntry("tenant", tenantId).containsEntry("contact", contactId)
                .containsEntry("direction", "inbound").containsEntry("status", "received").containsEntry("type", type);
        JsonNode content = JSON.readTree((String) row.get("content"));
        for (String field : fields.split(", ")) {
            String[] pair = field.split("=", 2);
            JsonNode value = content;
            for (String key : pair[0].split("\\.")) {
                value = value.path(key);
            }
            assertThat(value.asText()).as("%s of the stored %s", pair[0], type).isEqualTo(pair[1].strip());
        }
    }
}
