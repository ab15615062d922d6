package dev.wagateway.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.Scrape;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.Test;

/**
 * POST /media and GET /messages/{id}/media against the WireMock Graph API: what Meta receives (the multipart of an
 * upload, the bearer token of a lookup and a download), what the caller gets (the id; the bytes with their type and
 * never the token), and the refusals that reach Meta with nothing.
 */
class MediaApiTest extends IntegrationTest {

    private static final String MEDIA_PATH = "/v25.0/1234567890/media";
    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void an_upload_reaches_meta_as_messaging_product_type_and_the_file_and_answers_its_id() {
        String tenantId = api.tenant("Uploads");
        byte[] png = randomBytes(300_000);
        GRAPH.stubFor(post(urlEqualTo(MEDIA_PATH)).willReturn(okJson("{\"id\":\"1037543291543636\"}")));

        Api.Response answer = upload(tenantId, "file", "product photo.png", "image/png", png);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        assertThat(answer.data().path("id").asText()).isEqualTo("1037543291543636");
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MEDIA_PATH))
                .withHeader("Authorization", equalTo("Bearer test-token"))
                .withHeader("X-API-Key", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .withRequestBodyPart(aMultipart().withName("messaging_product").withBody(equalTo("whatsapp")).build())
                .withRequestBodyPart(aMultipart().withName("type").withBody(equalTo("image/png")).build())
                .withRequestBodyPart(aMultipart().withName("file")
                        .withHeader("Content-Type", equalTo("image/png"))
                        .withBody(binaryEqualTo(png)).build()));
        LoggedRequest received = GRAPH.findAll(postRequestedFor(urlEqualTo(MEDIA_PATH))).get(0);
        assertThat(received.getParts()).extracting(Request.Part::getName)
                .containsExactly("messaging_product", "type", "file");
        assertThat(received.getPart("file").getHeader("Content-Disposition").firstValue())
                .contains("filename=\"product photo.png\"");
    }

    @Test
    void a_tenant_with_its_own_number_uploads_and_marks_read_from_it_with_its_own_token() {
        String tenantId = api.tenant("Own number media");
        String numberId = String.valueOf(7_000_000_000L + (System.nanoTime() % 1_000_000_000L));
        api.ownNumber(tenantId, numberId, "own-token-of-" + numberId);
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + numberId + "/media")).willReturn(okJson("{\"id\":\"77\"}")));
        GRAPH.stubFor(post(urlEqualTo("/v25.0/" + numberId + "/messages")).willReturn(okJson("{\"success\":true}")));

        Api.Response uploaded = upload(tenantId, "file", "a.pdf", "application/pdf", randomBytes(2000));
        String phone = uniquePhone();
        api.as(api.keyOf(tenantId)).post("/contacts", Api.json(Map.of("name", "Customer", "phone", phone)));
        String wamid = "wamid.TESTOWN" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = bytes(MetaPayloads.forNumber(MetaPayloads.inbound("webhook_inbound_text_captured.json", phone,
                wamid, Instant.now().getEpochSecond()), numberId));
        api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", sign(body)));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class, wamid) == 1);
        String messageId = jdbc.queryForObject("SELECT id::text FROM messages WHERE external_message_id = ?",
                String.class, wamid);
        Api.Response read = api.as(api.keyOf(tenantId)).post("/messages/" + messageId + "/read", "");

        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(read.status()).isEqualTo(200);
        GRAPH.verify(1, postRequestedFor(urlEqualTo("/v25.0/" + numberId + "/media"))
                .withHeader("Authorization", equalTo("Bearer own-token-of-" + numberId)));
        GRAPH.verify(1, postRequestedFor(urlEqualTo("/v25.0/" + numberId + "/messages"))
                .withHeader("Authorization", equalTo("Bearer own-token-of-" + numberId)));
        GRAPH.verify(0, postRequestedFor(urlEqualTo(MEDIA_PATH)));
    }

    @Test
    void a_type_meta_does_not_take_is_400_and_nothing_reaches_meta() {
        String tenantId = api.tenant("Uploads refused");
        GRAPH.stubFor(post(anyUrl()).willReturn(okJson("{\"id\":\"1\"}")));

        Api.Response zip = upload(tenantId, "file", "archive.zip", "application/zip", randomBytes(1000));
        Api.Response noFilePart = upload(tenantId, "document", "a.pdf", "application/pdf", randomBytes(1000));
        Api.Response noBoundary = api.post("/media", "x".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "multipart/form-data"));
        Api.Response json = api.post("/media", "{}");

        assertThat(zip.status()).isEqualTo(400);
        assertThat(zip.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(zip.json().path("error").path("message").asText()).contains("application/zip");
        assertThat(noFilePart.status()).isEqualTo(400);
        assertThat(noBoundary.status()).isEqualTo(400);
        assertThat(noBoundary.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(json.status()).isEqualTo(415);
        GRAPH.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_file_over_its_types_size_is_413_and_nothing_reaches_meta() {
        String tenantId = api.tenant("Uploads too large");
        GRAPH.stubFor(post(anyUrl()).willReturn(okJson("{\"id\":\"1\"}")));

        Api.Response image = upload(tenantId, "file", "big.jpg", "image/jpeg", randomBytes(5 * 1024 * 1024 + 1));
        Api.Response sticker = upload(tenantId, "file", "big.webp", "image/webp", randomBytes(500 * 1024 + 1));
        Api.Response justUnder = upload(tenantId, "file", "ok.webp", "image/webp", randomBytes(500 * 1024));

        assertThat(image.status()).isEqualTo(413);
        assertThat(image.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(sticker.status()).isEqualTo(413);
        assertThat(justUnder.status()).isEqualTo(201);
        GRAPH.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void metas_failures_are_503_or_502_in_the_envelope() {
        String tenantId = api.tenant("Uploads failing");
        GRAPH.stubFor(post(urlEqualTo(MEDIA_PATH)).willReturn(aResponse().withStatus(500)));
        Api.Response unavailable = upload(tenantId, "file", "a.pdf", "application/pdf", randomBytes(1000));
        GRAPH.stubFor(post(urlEqualTo(MEDIA_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#131053) Media upload error\",\"type\":\"OAuthException\","
                        + "\"code\":131053,\"fbtrace_id\":\"A1\"}}")));
        Api.Response refused = upload(tenantId, "file", "a.pdf", "application/pdf", randomBytes(1000));

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.errorCode()).isEqualTo("WHATSAPP_UNAVAILABLE");
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.status()).isEqualTo(503).as("an OAuthException is a configuration failure");
        GRAPH.stubFor(post(urlEqualTo(MEDIA_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"GraphMethodException\","
                        + "\"code\":100}}")));
        Api.Response invalid = upload(tenantId, "file", "a.pdf", "application/pdf", randomBytes(1000));
        assertThat(invalid.status()).isEqualTo(502);
        assertThat(invalid.errorCode()).isEqualTo("WHATSAPP_ERROR");
        assertThat(invalid.json().path("error").path("message").asText()).contains("100");
    }

    @Test
    void a_customers_image_is_streamed_with_its_type_and_never_the_token() throws Exception {
        String tenantId = api.tenant("Downloads");
        String messageId = inbound(tenantId, "webhook_inbound_image.json");
        byte[] jpeg = randomBytes(2_000_000);
        GRAPH.stubFor(get(urlEqualTo("/v25.0/8472976218001204")).willReturn(okJson("{\"messaging_product\":\"whatsapp\","
                + "\"url\":\"" + GRAPH.baseUrl() + "/whatsapp_business/attachments/?mid=8472976218001204&ext=1&hash=AbC\","
                + "\"mime_type\":\"image/jpeg\",\"sha256\":\"ciJu\",\"file_size\":" + jpeg.length
                + ",\"id\":\"8472976218001204\"}")));
        GRAPH.stubFor(get(urlPathEqualTo("/whatsapp_business/attachments/"))
                .withHeader("Authorization", equalTo("Bearer test-token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                        .withHeader("Content-Length", String.valueOf(jpeg.length))
                        .withHeader("X-Meta-Internal", "secret").withBody(jpeg)));
        Scrape before = Scrape.of(api);

        HttpResponse<byte[]> answer = download(tenantId, messageId);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(jpeg);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(jpeg.length);
        assertThat(answer.headers().map().toString()).doesNotContain("test-token").doesNotContain("X-Meta-Internal")
                .doesNotContain("whatsapp_business");
        GRAPH.verify(getRequestedFor(urlEqualTo("/v25.0/8472976218001204"))
                .withHeader("Authorization", equalTo("Bearer test-token")));
        GRAPH.verify(getRequestedFor(urlEqualTo("/whatsapp_business/attachments/?mid=8472976218001204&ext=1&hash=AbC"))
                .withHeader("Authorization", equalTo("Bearer test-token")));
        Scrape after = Scrape.of(api);
        assertThat(after.delta(before, "whatsapp_graph_request_seconds_count", "operation", "media_lookup",
                "outcome", "success")).as("Graph latency: the lookup").isEqualTo(1);
        assertThat(after.delta(before, "whatsapp_graph_request_seconds_count", "operation", "media_download",
                "outcome", "success")).as("...and the download").isEqualTo(1);
    }

    @Test
    void only_the_tenants_own_inbound_media_is_fetched() {
        String tenantId = api.tenant("Downloads refused");
        String text = inbound(tenantId, "webhook_inbound_text_captured.json");
        String image = inbound(tenantId, "webhook_inbound_image.json");
        String other = api.tenant("Another tenant");

        Api.Response ofText = api.as(api.keyOf(tenantId)).get("/messages/" + text + "/media");
        Api.Response ofAnother = api.as(api.keyOf(other)).get("/messages/" + image + "/media");
        Api.Response unknown = api.as(api.keyOf(tenantId)).get("/messages/" + UUID.randomUUID() + "/media");
        GRAPH.stubFor(get(urlEqualTo("/v25.0/8472976218001204")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":"
                        + "\"Unsupported get request.\",\"type\":\"GraphMethodException\",\"code\":100,"
                        + "\"error_subcode\":33}}")));
        Api.Response expired = api.as(api.keyOf(tenantId)).get("/messages/" + image + "/media");

        assertThat(ofText.status()).isEqualTo(409);
        assertThat(ofText.errorCode()).isEqualTo("INVALID_STATE");
        assertThat(ofAnother.status()).isEqualTo(404);
        assertThat(ofAnother.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(unknown.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(expired.status()).isEqualTo(502);
        assertThat(expired.errorCode()).isEqualTo("WHATSAPP_ERROR");
        GRAPH.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void a_read_receipt_posts_metas_exact_json_from_the_tenants_number() {
        String tenantId = api.tenant("Read receipts");
        String wamid = "wamid.TESTREAD" + UUID.randomUUID().toString().replace("-", "");
        String messageId = inbound(tenantId, "webhook_inbound_text_captured.json", wamid);
        GRAPH.stubFor(post(urlEqualTo("/v25.0/1234567890/messages")).willReturn(okJson("{\"success\":true}")));

        Api.Response answer = api.as(api.keyOf(tenantId)).post("/messages/" + messageId + "/read", "");

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.data().path("id").asText()).isEqualTo(messageId);
        assertThat(answer.data().path("read").asBoolean()).isTrue();
        GRAPH.verify(1, postRequestedFor(urlEqualTo("/v25.0/1234567890/messages"))
                .withHeader("Authorization", equalTo("Bearer test-token"))
                .withRequestBody(equalToJson("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\""
                        + wamid + "\"}")));
        assertThat(jdbc.queryForObject("SELECT read_at IS NOT NULL FROM messages WHERE id = ?::uuid", Boolean.class,
                messageId)).isTrue();
    }

    @Test
    void a_read_receipt_for_an_outbound_message_is_409_and_for_another_tenants_404() {
        String tenantId = api.tenant("Read receipts refused");
        GRAPH.stubFor(post(anyUrl()).willReturn(okJson(fixture("send_response_success.json"))));
        String contactId = api.contact(tenantId, uniquePhone());
        String outbound = api.send(tenantId, contactId, "Hello").data().path("id").asText();
        String received = inbound(tenantId, "webhook_inbound_text_captured.json");
        String other = api.tenant("Another reader");
        GRAPH.resetRequests();

        Api.Response ofOutbound = api.as(api.keyOf(tenantId)).post("/messages/" + outbound + "/read", "");
        Api.Response ofAnother = api.as(api.keyOf(other)).post("/messages/" + received + "/read", "");

        assertThat(ofOutbound.status()).isEqualTo(409);
        assertThat(ofOutbound.errorCode()).isEqualTo("INVALID_STATE");
        assertThat(ofAnother.status()).isEqualTo(404);
        assertThat(ofAnother.errorCode()).isEqualTo("MESSAGE_NOT_FOUND");
        GRAPH.verify(0, anyRequestedFor(anyUrl()));
    }

    private String inbound(String tenantId, String fixture) {
        return inbound(tenantId, fixture, "wamid.TESTMEDIA" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** A customer's message through the signed webhook, stored for this tenant; its id. */
    private String inbound(String tenantId, String fixture, String wamid) {
        String phone = uniquePhone();
        api.as(api.keyOf(tenantId)).post("/contacts", Api.json(Map.of("name", "Customer", "phone", phone)));
        byte[] body = bytes(MetaPayloads.inbound(fixture, phone, wamid, Instant.now().getEpochSecond()));
        assertThat(api.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", sign(body))).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class, wamid) == 1);
        return jdbc.queryForObject("SELECT id::text FROM messages WHERE external_message_id = ?", String.class, wamid);
    }

    private Api.Response upload(String tenantId, String part, String fileName, String type, byte[] content) {
        String boundary = "----gateway-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.as(api.keyOf(tenantId)).post("/media", body.toByteArray(),
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
    }

    private HttpResponse<byte[]> download(String tenantId, String messageId) throws Exception {
        return RAW.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/messages/" + messageId
                + "/media")).header(Api.KEY_HEADER, api.keyOf(tenantId)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
