package dev.wagateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of docs/message-types.md broken once through {@code POST /messages/send}: 400 VALIDATION_ERROR whose
 * message names the field, nothing stored, nothing sent to WhatsApp.
 */
class MessageTypesValidationTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> badRequests() {
        String link = "{\"link\": \"https://example.com/x.jpg\"}";
        return Stream.of(
                // media
                Arguments.of("image", "{}", "media is required"),
                Arguments.of("image", "{\"media\": \"https://example.com/x.jpg\"}", "media must be an object"),
                Arguments.of("image", "{\"media\": {}}", "media must have a link or an id"),
                Arguments.of("image", "{\"media\": {\"link\": \"https://example.com/x.jpg\", \"id\": \"1\"}}",
                        "media must have a link or an id"),
                Arguments.of("image", "{\"media\": {\"link\": \"http://example.com/x.jpg\"}}", "media.link"),
                Arguments.of("video", "{\"media\": {\"link\": \"/x.mp4\"}}", "media.link"),
                Arguments.of("image", "{\"media\": {\"id\": \"12 34\"}}", "media.id"),
                Arguments.of("image", "{\"media\": " + link + ", \"caption\": \"" + "c".repeat(1025) + "\"}",
                        "caption must be at most 1024"),
                Arguments.of("audio", "{\"media\": " + link + ", \"caption\": \"hi\"}", "caption is not allowed"),
                Arguments.of("sticker", "{\"media\": " + link + ", \"caption\": \"hi\"}", "caption is not allowed"),
                Arguments.of("image", "{\"media\": " + link + ", \"filename\": \"x.jpg\"}", "filename is for a document"),
                Arguments.of("document", "{\"media\": " + link + ", \"filename\": \" \"}", "filename must not be blank"),
                // location
                Arguments.of("location", "{}", "location is required"),
                Arguments.of("location", "{\"location\": {\"latitude\": 91, \"longitude\": 0}}", "location.latitude"),
                Arguments.of("location", "{\"location\": {\"latitude\": 0, \"longitude\": -180.5}}",
                        "location.longitude"),
                Arguments.of("location", "{\"location\": {\"latitude\": \"52\", \"longitude\": 13}}",
                        "location.latitude must be a number"),
                Arguments.of("location", "{\"location\": {\"latitude\": 52}}", "location.longitude is required"),
                Arguments.of("location", "{\"location\": {\"latitude\": 52, \"longitude\": 13, \"name\": \" \"}}",
                        "location.name"),
                // interactive: the frame
                Arguments.of("interactive", "{}", "interactive is required"),
                Arguments.of("interactive", interactive("\"buttons\": " + buttons(1)).replace("\"body\": \"Hi\", ", ""),
                        "interactive.body is required"),
                Arguments.of("interactive", interactive("\"buttons\": " + buttons(1))
                        .replace("\"Hi\"", "\"" + "b".repeat(1025) + "\""), "interactive.body must be at most 1024"),
                Arguments.of("interactive", interactive("\"header\": \"" + "h".repeat(61) + "\", \"buttons\": "
                        + buttons(1)), "interactive.header"),
                Arguments.of("interactive", interactive("\"footer\": \"" + "f".repeat(61) + "\", \"buttons\": "
                        + buttons(1)), "interactive.footer"),
                Arguments.of("interactive", "{\"interactive\": {\"body\": \"Hi\"}}",
                        "exactly one of buttons, list and ctaUrl"),
                Arguments.of("interactive", interactive("\"buttons\": " + buttons(1) + ", \"ctaUrl\": "
                        + "{\"displayText\": \"Go\", \"url\": \"https://example.com\"}"),
                        "exactly one of buttons, list and ctaUrl"),
                // buttons
                Arguments.of("interactive", interactive("\"buttons\": []"), "interactive.buttons"),
                Arguments.of("interactive", interactive("\"buttons\": " + buttons(4)), "interactive.buttons"),
                Arguments.of("interactive", interactive("\"buttons\": [{\"id\": \"a\", \"title\": \"A\"},"
                        + " {\"id\": \"a\", \"title\": \"B\"}]"), "interactive.buttons[1].id"),
                Arguments.of("interactive", interactive("\"buttons\": [{\"id\": \"a\", \"title\": \""
                        + "t".repeat(21) + "\"}]"), "interactive.buttons[0].title"),
                Arguments.of("interactive", interactive("\"buttons\": [{\"id\": \"" + "i".repeat(257)
                        + "\", \"title\": \"A\"}]"), "interactive.buttons[0].id"),
                Arguments.of("interactive", interactive("\"buttons\": [{\"id\": \"a\"}]"),
                        "interactive.buttons[0].title is required"),
                // list
                Arguments.of("interactive", list("\"" + "b".repeat(21) + "\"", section("S", row("r1"))),
                        "interactive.list.button"),
                Arguments.of("interactive", list("\"Open\""), "interactive.list.sections"),
                Arguments.of("interactive", list("\"Open\"", sections(11)), "interactive.list.sections"),
                Arguments.of("interactive", list("\"Open\"", section("S", rows(11))), "at most 10 rows in all"),
                Arguments.of("interactive", list("\"Open\"", section("S", rows(6)), section("T", rows(5))),
                        "at most 10 rows in all"),
                Arguments.of("interactive", list("\"Open\"", section("S", "{\"id\": \"r\", \"title\": \""
                        + "t".repeat(25) + "\"}")), "interactive.list.sections[0].rows[0].title"),
                Arguments.of("interactive", list("\"Open\"", section("S", "{\"id\": \"r\", \"title\": \"T\","
                        + " \"description\": \"" + "d".repeat(73) + "\"}")),
                        "interactive.list.sections[0].rows[0].description"),
                Arguments.of("interactive", list("\"Open\"", section("S", "{\"id\": \"" + "i".repeat(201)
                        + "\", \"title\": \"T\"}")), "interactive.list.sections[0].rows[0].id"),
                Arguments.of("interactive", list("\"Open\"", section("S", row("r1")), section("T", row("r1"))),
                        "interactive.list.sections[1].rows[0].id repeats"),
                Arguments.of("interactive", list("\"Open\"", "{\"rows\": [" + row("r1") + "]}",
                        section("T", row("r2"))), "interactive.list.sections[0].title"),
                Arguments.of("interactive", list("\"Open\"", section("s".repeat(25), row("r1"))),
                        "interactive.list.sections[0].title"),
                // ctaUrl
                Arguments.of("interactive", interactive("\"ctaUrl\": {\"displayText\": \"" + "d".repeat(21)
                        + "\", \"url\": \"https://example.com\"}"), "interactive.ctaUrl.displayText"),
                Arguments.of("interactive", interactive("\"ctaUrl\": {\"displayText\": \"Go\","
                        + " \"url\": \"http://example.com\"}"), "interactive.ctaUrl.url"),
                // reaction
                Arguments.of("reaction", "{}", "reaction is required"),
                Arguments.of("reaction", "{\"reaction\": {\"messageId\": \"42\", \"emoji\": \"\\u2764\"}}",
                        "reaction.messageId"),
                Arguments.of("reaction", "{\"reaction\": {\"messageId\": \"0b1c2d3e-4f50-4617-a829-3a4b5c6d7e8f\"}}",
                        "reaction.emoji is required"),
                Arguments.of("reaction", "{\"reaction\": {\"messageId\": \"0b1c2d3e-4f50-4617-a829-3a4b5c6d7e8f\","
                        + " \"emoji\": \"ok\"}}", "reaction.emoji"),
                Arguments.of("reaction", "{\"reaction\": {\"messageId\": \"0b1c2d3e-4f50-4617-a829-3a4b5c6d7e8f\","
                        + " \"emoji\": \"" + "\\uD83D\\uDC4D".repeat(17) + "\"}}", "reaction.emoji"),
                // replyTo, type
                Arguments.of("text", "{\"message\": \"hi\", \"replyTo\": \"not-a-uuid\"}", "replyTo must be a UUID"),
                Arguments.of("carousel", "{\"message\": \"hi\"}", "type must be one of"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("badRequests")
    void a_broken_rule_is_a_validation_error_naming_the_field(String type, String fields, String named)
            throws JsonProcessingException {
        String tenantId = api.tenant("Rules");
        String contactId = api.contact(tenantId, uniquePhone());
        ObjectNode body = (ObjectNode) JSON.readTree(fields);
        body.put("tenantId", tenantId).put("contactId", contactId).put("type", type);

        Api.Response response = api.post("/messages/send", body.toString());

        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(response.json().path("error").path("message").asText()).contains(named);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isZero();
        assertThat(GRAPH.getAllServeEvents()).isEmpty();
    }

    private static String interactive(String rest) {
        return "{\"interactive\": {\"body\": \"Hi\", " + rest + "}}";
    }

    private static String buttons(int n) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ", ").append("{\"id\": \"b").append(i).append("\", \"title\": \"B\"}");
        }
        return out.append("]").toString();
    }

    private static String list(String button, String... sections) {
        return interactive("\"list\": {\"button\": " + button + ", \"sections\": [" + String.join(", ", sections)
                + "]}");
    }

    private static String section(String title, String rows) {
        return "{\"title\": \"" + title + "\", \"rows\": [" + rows + "]}";
    }

    private static String row(String id) {
        return "{\"id\": \"" + id + "\", \"title\": \"T\"}";
    }

    private static String rows(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ", ").append(row("r" + i + "-" + n + "-" + System.identityHashCode(out)));
        }
        return out.toString();
    }

    private static String sections(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = section("S" + i, row("r" + i));
        }
        return String.join(", ", out);
    }
}
