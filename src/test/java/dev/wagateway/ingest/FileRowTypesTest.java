package dev.wagateway.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.wagateway.ingest.Inbox.awaitReport;
import static dev.wagateway.ingest.Inbox.drop;
import static dev.wagateway.ingest.Inbox.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.ingest.Inbox.ReportRow;
import org.junit.jupiter.api.Test;

/**
 * Dropped files take the send types: a CSV row's {@code media_url}, {@code caption} and {@code filename}, a JSON
 * Lines row's {@code interactive}, each ending at WireMock (Meta) in the documented shape, sent by redelivery; a
 * template, a reaction and a replyTo row rejected with VALIDATION_ERROR.
 */
class FileRowTypesTest extends IngestIntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";

    @Test
    void a_csv_media_row_and_a_json_lines_interactive_row_reach_meta_in_their_types_shape() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(okJson(fixture("send_response_success.json"))));
        String tenantId = tenant();
        String imagePhone = uniquePhone();
        String documentPhone = uniquePhone();
        String csv = "tenantId,phone,type,message,media_url,caption,filename\n"
                + tenantId + "," + imagePhone + ",image,,https://example.com/a.jpg,\"Packed, ready\",\n"
                + tenantId + "," + documentPhone + ",document,,https://example.com/i.pdf,,invoice.pdf\n"
                + tenantId + "," + uniquePhone() + ",image,,http://example.com/a.jpg,,\n";
        String listPhone = uniquePhone();
        String jsonl = String.join("\n",
                Api.json(Map.of("tenantId", tenantId, "phone", listPhone, "type", "interactive", "interactive",
                        Map.of("body", "Pick one", "list", Map.of("button", "Options", "sections", List.of(
                                Map.of("rows", List.of(Map.of("id", "a", "title", "A", "description", "first")))))))),
                Api.json(Map.of("tenantId", tenantId, "phone", uniquePhone(), "type", "template")),
                Api.json(Map.of("tenantId", tenantId, "phone", uniquePhone(), "type", "reaction",
                        "reaction", Map.of("messageId", "0b1c2d3e-4f50-4617-a829-3a4b5c6d7e8f", "emoji", ""))),
                Api.json(Map.of("tenantId", tenantId, "phone", uniquePhone(), "message", "hi",
                        "replyTo", "0b1c2d3e-4f50-4617-a829-3a4b5c6d7e8f"))) + "\n";

        List<ReportRow> csvReport = awaitReport(".done", drop(uniqueName("media", "csv"), csv));
        List<ReportRow> jsonlReport = awaitReport(".done", drop(uniqueName("interactive", "jsonl"), jsonl));

        assertThat(csvReport).extracting(ReportRow::status).containsExactly("accepted", "accepted", "rejected");
        assertThat(csvReport.get(2).errorMessage()).contains("media.link");
        assertThat(jsonlReport).extracting(ReportRow::status).containsExactly("accepted", "rejected", "rejected",
                "rejected");
        assertThat(jsonlReport).extracting(ReportRow::errorCode).containsExactly("", "VALIDATION_ERROR",
                "VALIDATION_ERROR", "VALIDATION_ERROR");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM messages"
                + " WHERE tenant_id = ?::uuid AND status = 'sent'", Long.class, tenantId) == 3);
        verifyPosted(imagePhone, "image", "{\"link\": \"https://example.com/a.jpg\", \"caption\": \"Packed, ready\"}");
        verifyPosted(documentPhone, "document", "{\"link\": \"https://example.com/i.pdf\", \"filename\": \"invoice.pdf\"}");
        verifyPosted(listPhone, "interactive", "{\"type\": \"list\", \"body\": {\"text\": \"Pick one\"},"
                + " \"action\": {\"button\": \"Options\", \"sections\": [{\"rows\": [{\"id\": \"a\", \"title\": \"A\","
                + " \"description\": \"first\"}]}]}}");
    }

    private static void verifyPosted(String phone, String type, String object) {
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(
                "{\"messaging_product\": \"whatsapp\", \"recipient_type\": \"individual\", \"to\": \"" + phone
                        + "\", \"type\": \"" + type + "\", \"" + type + "\": " + object + "}")));
    }
}
