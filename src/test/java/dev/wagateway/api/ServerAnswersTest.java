package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What no operation's route answers is still answered in the envelope, with a code the contract lists: an unknown
 * path, a method the path has not, an {@code Accept} or {@code Content-Type} the operation does not serve (a multipart
 * body without a boundary too), a path Tomcat refuses itself (an encoded {@code /}, a NUL). And Meta's verification
 * request answers its challenge whatever its {@code Accept} header says, and an unsigned webhook is 401 even empty.
 */
class ServerAnswersTest extends IntegrationTest {

    @ParameterizedTest
    @CsvSource({
        "GET, /nothing-here, 404, NOT_FOUND",
        "GET, /tenants/x/y/z, 404, NOT_FOUND",
        "POST, /messages/00000000-0000-0000-0000-000000000000/retry/now, 404, NOT_FOUND",
        "PATCH, /tenants, 405, METHOD_NOT_ALLOWED",
        "DELETE, /messages/send, 405, METHOD_NOT_ALLOWED",
        "TRACE, /contacts, 405, METHOD_NOT_ALLOWED",
    })
    void unknown_paths_and_methods(String method, String path, int status, String code) throws IOException {
        assertEnvelope(raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + Api.ADMIN_KEY
                + "\r\nConnection: close\r\n\r\n"), status, code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/xml", "image/png, text/*", "application/json;q=0", "nonsense"})
    void an_accept_header_refusing_json_is_406_in_the_envelope(String accept) {
        Api.Response response = api.as(Api.ADMIN_KEY).get("/batches", Map.of("Accept", accept));
        assertThat(response.status()).isEqualTo(406);
        assertThat(response.errorCode()).isEqualTo("NOT_ACCEPTABLE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data", "multipart/form-data; boundary=x", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "nonsense"})
    void a_body_that_is_not_json_is_415_in_the_envelope(String contentType) {
        api.tenant("Media types");
        Api.Response response = api.post("/contacts", "--x\r\n\r\n--x--", Map.of("Content-Type", contentType));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/contacts/a%2Fb", "/contacts/a%00b", "/contacts/%", "/messages/%2e%2e%2f%2e%2e"})
    void paths_tomcat_refuses_are_400_in_the_envelope(String path) throws IOException {
        assertEnvelope(raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400,
                "VALIDATION_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/html", "application/xml", "*/*", "nonsense"})
    void metas_verification_request_answers_its_challenge_whatever_it_accepts(String accept) {
        Api.Response ok = api.anonymous().get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42"
                + "&hub.verify_token=test-verify-token", Map.of("Accept", accept));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw()).isEqualTo("42");
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        Api.Response wrong = api.anonymous().get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42"
                + "&hub.verify_token=wrong", Map.of("Accept", accept));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.errorCode()).isEqualTo("FORBIDDEN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "null"})
    void an_unsigned_webhook_is_401_whatever_its_body(String body) {
        Api.Response response = api.anonymous().post("/webhooks/whatsapp", body);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("UNAUTHORIZED");
    }

    /** One request written as bytes (what java.net.http would not send), the raw answer read back. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertEnvelope(String answer, int status, String code) {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-type: application/json");
        assertThat(answer).contains("{\"success\":false,\"error\":{\"code\":\"" + code + "\",\"message\":\"");
    }
}
