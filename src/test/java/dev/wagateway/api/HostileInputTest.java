package dev.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile requests, each answered with the contract's error code (never a 500) and nothing written; and
 * hostile but valid texts (emoji, right-to-left, markup, SQL) stored, sent to WhatsApp and returned unchanged.
 * {@link SendRequestPropertiesTest} generates many more.
 */
class HostileInputTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a case sends, given the tenant and a contact of it: the body's bytes. */
    record Case(String name, Function<String[], byte[]> body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case json(String name, String template, int status, String code) {
        return new Case(name, ids -> template.replace("$T", ids[0]).replace("$C", ids[1])
                .getBytes(StandardCharsets.UTF_8), status, code);
    }

    private static Case bytes(String name, Function<String[], byte[]> body, int status, String code) {
        return new Case(name, body, status, code);
    }

    static Stream<Case> hostileSends() {
        String ok = "{\"tenantId\":\"$T\",\"contactId\":\"$C\",\"message\":";
        return Stream.of(
                json("empty body", "", 400, "VALIDATION_ERROR"),
                json("whitespace only", " \n\t ", 400, "VALIDATION_ERROR"),
                json("JSON null", "null", 400, "VALIDATION_ERROR"),
                json("JSON array", "[1,2,3]", 400, "VALIDATION_ERROR"),
                json("JSON string", "\"send it\"", 400, "VALIDATION_ERROR"),
                json("JSON number", "42", 400, "VALIDATION_ERROR"),
                json("truncated object", ok + "\"hel", 400, "VALIDATION_ERROR"),
                json("unclosed object", "{", 400, "VALIDATION_ERROR"),
                json("single quotes", "{'contactId':'$C','message':'hi'}", 400, "VALIDATION_ERROR"),
                json("trailing comma", ok + "\"hi\",}", 400, "VALIDATION_ERROR"),
                json("two objects", ok + "\"hi\"}" + ok + "\"hi\"}", 400, "VALIDATION_ERROR"),
                json("contactId a number", "{\"contactId\":42,\"message\":\"hi\"}", 400, "VALIDATION_ERROR"),
                json("contactId an object", "{\"contactId\":{\"id\":\"$C\"},\"message\":\"hi\"}", 400, "VALIDATION_ERROR"),
                json("contactId null", "{\"contactId\":null,\"message\":\"hi\"}", 400, "VALIDATION_ERROR"),
                json("message null", ok + "null}", 400, "VALIDATION_ERROR"),
                json("message a number", ok + "12345}", 400, "VALIDATION_ERROR"),
                json("message an object", ok + "{\"text\":\"hi\"}}", 400, "VALIDATION_ERROR"),
                json("message an array", ok + "[\"hi\"]}", 400, "VALIDATION_ERROR"),
                json("message true", ok + "true}", 400, "VALIDATION_ERROR"),
                json("type a number", ok + "\"hi\",\"type\":5}", 400, "VALIDATION_ERROR"),
                json("type unknown", ok + "\"hi\",\"type\":\"fax\"}", 400, "VALIDATION_ERROR"),
                json("tenantId true", "{\"tenantId\":true,\"contactId\":\"$C\",\"message\":\"hi\"}", 400, "VALIDATION_ERROR"),
                json("tenantId SQL", "{\"tenantId\":\"' OR 1=1 --\",\"contactId\":\"$C\",\"message\":\"hi\"}", 400,
                        "VALIDATION_ERROR"),
                json("contactId SQL", "{\"contactId\":\"$C' OR '1'='1\",\"message\":\"hi\"}", 400, "VALIDATION_ERROR"),
                json("NUL escaped in the text", ok + "\"a\\u0000b\"}", 400, "VALIDATION_ERROR"),
                json("half a surrogate pair", ok + "\"broken \\uD83D emoji\"}", 400, "VALIDATION_ERROR"),
                json("a lone low surrogate", ok + "\"\\uDC4B\"}", 400, "VALIDATION_ERROR"),
                json("empty text", ok + "\"\"}", 400, "EMPTY_MESSAGE"),
                json("blank text", ok + "\" \\t\\n \"}", 400, "EMPTY_MESSAGE"),
                json("4097 characters", ok + "\"" + "x".repeat(4097) + "\"}", 400, "MESSAGE_TOO_LONG"),
                json("number too big for anything", ok + "\"hi\",\"type\":1e99999999}", 400, "VALIDATION_ERROR"),
                json("nesting 5000 deep", ok + "\"hi\",\"deep\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}", 400,
                        "VALIDATION_ERROR"),
                json("unknown contact", ok.replace("$C", "00000000-0000-0000-0000-000000000000") + "\"hi\"}", 404,
                        "CONTACT_NOT_FOUND"),
                bytes("invalid UTF-8 (0xC3 0x28)", ids -> concat(ok, ids, new byte[] {'"', (byte) 0xC3, 0x28, '"', '}'}),
                        400, "VALIDATION_ERROR"),
                bytes("overlong UTF-8 for '/' (0xC0 0xAF)", ids -> concat(ok, ids,
                        new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"', '}'}), 400, "VALIDATION_ERROR"),
                bytes("raw NUL byte in the JSON", ids -> concat(ok, ids, new byte[] {'"', 'a', 0, 'b', '"', '}'}),
                        400, "VALIDATION_ERROR"),
                bytes("10 MB body", ids -> concat(ok, ids, ("\"" + "y".repeat(10 * 1024 * 1024) + "\"}")
                        .getBytes(StandardCharsets.UTF_8)), 413, "PAYLOAD_TOO_LARGE"),
                bytes("random binary", ids -> randomBytes(4096), 400, "VALIDATION_ERROR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileSends")
    void a_hostile_send_is_refused_with_the_contracts_code_and_writes_nothing(Case hostile) {
        String tenantId = api.tenant("Hostile");
        String contactId = api.contact(tenantId, uniquePhone());

        Api.Response response = api.post("/messages/send", hostile.body().apply(new String[] {tenantId, contactId}),
                Map.of());

        assertThat(response.status()).as(response.raw()).isEqualTo(hostile.status());
        assertThat(response.errorCode()).isEqualTo(hostile.code());
        assertThat(response.json().path("success").asBoolean(true)).isFalse();
        assertThat(response.raw()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, tenantId))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid", Long.class,
                tenantId)).isZero();
        assertThat(GRAPH.getAllServeEvents()).isEmpty();
    }

    static Stream<Arguments> hostileContacts() {
        return Stream.of(
                Arguments.of("{\"name\":\"a\\u0000b\",\"phone\":\"+14155550100\"}", "VALIDATION_ERROR"),
                Arguments.of("{\"name\":\"X\",\"phone\":\"+1415555\\u00000100\"}", "INVALID_PHONE_NUMBER"),
                Arguments.of("{\"name\":\"X\",\"phone\":\"'; DROP TABLE contacts;--\"}", "INVALID_PHONE_NUMBER"),
                Arguments.of("{\"name\":\"X\",\"phone\":\"" + "9".repeat(10_000) + "\"}", "INVALID_PHONE_NUMBER"),
                Arguments.of("{\"name\":\"X\",\"phone\":14155550100}", "VALIDATION_ERROR"),
                Arguments.of("{\"name\":[\"X\"],\"phone\":\"+14155550100\"}", "VALIDATION_ERROR"),
                Arguments.of("{\"name\":\"" + "n".repeat(201) + "\",\"phone\":\"+14155550100\"}", "VALIDATION_ERROR"),
                Arguments.of("{\"name\":\"\\uD800\",\"phone\":\"+14155550100\"}", "VALIDATION_ERROR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileContacts")
    void a_hostile_contact_is_refused_with_the_contracts_code_and_writes_nothing(String body, String code) {
        String tenantId = api.tenant("Hostile");

        Api.Response response = api.post("/contacts", body);

        assertThat(response.status()).as(response.raw()).isEqualTo(ErrorCode.valueOf(code).httpStatus());
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", Long.class, tenantId))
                .isZero();
    }

    static List<String> validButHostileTexts() {
        return List.of(
                "👨‍👩‍👧‍👦 family, 🇮🇳 flag, 👋🏽 skin tone",
                "مرحبا بالعالم — שלום עולם",
                "\u202Eright-to-left override\u202C and \u200Fmarks\u200E",
                "e\u0301 combining, ﷽, 𝕏 outside the BMP, 中文 日本語 한국어",
                "<script>alert('x')</script><img src=x onerror=alert(1)>",
                "'); DROP TABLE messages; -- \" OR \"1\"=\"1",
                "{{7*7}} ${jndi:ldap://example.invalid/a} %s %n \\u0000 as text",
                "line one\nline two\r\n\ttabbed \"quoted\" back\\slash");
    }

    @ParameterizedTest
    @MethodSource("validButHostileTexts")
    void a_valid_but_hostile_text_is_stored_sent_and_returned_unchanged(String text) throws Exception {
        GRAPH.stubFor(post(urlEqualTo("/v25.0/1234567890/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        String tenantId = api.tenant("Unicode");
        String contactId = api.contact(tenantId, uniquePhone());

        Api.Response sent = api.send(tenantId, contactId, text);

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.data().path("status").asText()).isEqualTo("sent");
        assertThat(sent.data().path("content").asText()).isEqualTo(text);
        String id = sent.data().path("id").asText();
        assertThat(api.get("/messages/" + id).data().path("content").asText()).isEqualTo(text);
        assertThat(jdbc.queryForObject("SELECT content FROM messages WHERE id = ?::uuid", String.class, id)).isEqualTo(text);
        String toWhatsApp = GRAPH.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(JSON.readTree(toWhatsApp).path("text").path("body").asText()).isEqualTo(text);
    }

    @Test
    void json_answers_escape_what_they_must() throws Exception {
        String tenantId = api.tenant("Escapes");
        String contactId = api.contact(tenantId, uniquePhone());
        String text = "\"},\"status\":\"hijacked\",\"x\":{\"";

        Api.Response sent = api.send(tenantId, contactId, text);

        // the text stays a string value: the answer's own fields are not overwritten by it
        assertThat(JSON.readTree(sent.raw()).path("data").path("status").asText()).isNotEqualTo("hijacked");
        assertThat(sent.raw()).contains("\\\"},\\\"status\\\":\\\"hijacked\\\"");
    }

    private static byte[] concat(String prefix, String[] ids, byte[] rest) {
        byte[] head = prefix.replace("$T", ids[0]).replace("$C", ids[1]).getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(42).nextBytes(bytes);
        bytes[0] = '{';
        return bytes;
    }
}
