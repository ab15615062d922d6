package dev.wagateway.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.wagateway.webhook.MetaPayloads.bytes;
import static dev.wagateway.webhook.MetaPayloads.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.wagateway.Api;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.Test;

/**
 * Files are streamed, never held whole: the packaged service, in a heap smaller than its own working set plus one
 * file ({@value #HEAP}), uploads a 50 MB PDF to the stub (which receives every byte: same SHA-256) and streams a
 * 50 MB customer's document back to the caller (same SHA-256), one after the other, and is still healthy after.
 * Held whole, a 50 MB body (and the copies a byte array's growth makes) cannot fit beside the service in that heap.
 */
class MediaStreamingIT extends FaultTest {

    static final String HEAP = "96m";
    private static final int SIZE = 50 * 1024 * 1024;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void a_50_mb_upload_and_a_50_mb_download_pass_through_a_small_heap() throws Exception {
        Path file = Files.createTempFile("media-streaming-", ".pdf");
        try {
            String sha256 = write(file, SIZE);
            Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-media");
            env.put("WHATSAPP_APP_SECRET", MetaPayloads.SECRET);
            env.put("WHATSAPP_TIMEOUT_MS", "60000");
            try (ServiceProcess service = ServiceProcess.start("media-streaming", env, HEAP)) {
                Api api = new Api(service.baseUrl());
                String tenantId = api.tenant("Streaming");
                String key = api.keyOf(tenantId);

                graph.stubFor(post(urlEqualTo("/v25.0/" + FaultsEnvironment.PHONE_NUMBER_ID + "/media"))
                        .willReturn(okJson("{\"id\":\"4490709327384033\"}")));
                HttpResponse<String> uploaded = upload(service.baseUrl(), key, file);
                assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
                assertThat(uploaded.body()).contains("4490709327384033");
                LoggedRequest atMeta = graph.findAll(postRequestedFor(urlEqualTo("/v25.0/"
                        + FaultsEnvironment.PHONE_NUMBER_ID + "/media"))).get(0);
                assertThat(sha256(atMeta.getPart("file").getBody().asBytes())).isEqualTo(sha256);
                atMeta = null; // the stub's copy may go

                String messageId = inboundDocument(api, tenantId);
                graph.resetRequests();
                graph.stubFor(get(urlEqualTo("/v25.0/848704520347750")).willReturn(okJson("{\"url\":\""
                        + graph.baseUrl() + "/download/848704520347750?hash=x\",\"mime_type\":\"application/pdf\","
                        + "\"sha256\":\"x\",\"file_size\":" + SIZE + ",\"id\":\"848704520347750\"}")));
                graph.stubFor(get(urlEqualTo("/download/848704520347750?hash=x")).willReturn(aResponse()
                        .withStatus(200).withHeader("Content-Type", "application/pdf")
                        .withHeader("Content-Length", String.valueOf(SIZE)).withBody(Files.readAllBytes(file))));
                HttpResponse<InputStream> downloaded = CLIENT.send(HttpRequest.newBuilder(URI.create(
                        service.baseUrl() + "/messages/" + messageId + "/media")).header(Api.KEY_HEADER, key)
                        .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(downloaded.statusCode()).isEqualTo(200);
                assertThat(downloaded.headers().firstValue("Content-Type")).hasValue("application/pdf");
                try (InputStream body = downloaded.body(); InputStream expected = Files.newInputStream(file)) {
                    assertThat(firstDifference(body, expected)).as("the first byte that differs, or -1; headers %s",
                            downloaded.headers().map()).isEqualTo(-1);
                }
                assertThat(downloaded.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);

                assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
                assertThat(service.output()).doesNotContain("OutOfMemoryError");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A customer's PDF (Meta's document payload), through the signed webhook; its message id. */
    private String inboundDocument(Api api, String tenantId) {
        String phone = "+919812345678";
        api.as(api.keyOf(tenantId)).post("/contacts", Api.json(Map.of("name", "Customer", "phone", phone)));
        String wamid = "wamid.TESTSTREAM" + UUID.randomUUID().toString().replace("-", "");
        byte[] webhook = bytes(MetaPayloads.inbound("webhook_inbound_document.json", phone, wamid,
                Instant.now().getEpochSecond()));
        assertThat(api.post("/webhooks/whatsapp", webhook, Map.of("X-Hub-Signature-256", sign(webhook))).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM messages WHERE external_message_id = ?", Long.class, wamid) == 1);
        return jdbc.queryForObject("SELECT id::text FROM messages WHERE external_message_id = ?", String.class, wamid);
    }

    private static HttpResponse<String> upload(String baseUrl, String key, Path file) throws Exception {
        String boundary = "----streaming-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
        return CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl + "/media")).header(Api.KEY_HEADER, key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).timeout(Duration.ofSeconds(120))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code size} random bytes into {@code file}, a MB at a time; their SHA-256. */
    private static String write(Path file, int size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                digest.update(block);
                out.write(block);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The offset of the first byte where the two streams differ (also one ending first), or -1. */
    private static long firstDifference(InputStream actual, InputStream expected) throws Exception {
        byte[] a = new byte[64 * 1024];
        byte[] e = new byte[64 * 1024];
        long offset = 0;
        while (true) {
            int n = actual.readNBytes(a, 0, a.length);
            int m = expected.readNBytes(e, 0, e.length);
            for (int i = 0; i < Math.min(n, m); i++) {
                if (a[i] != e[i]) {
                    throw new AssertionError("differs at " + (offset + i) + ": got " + n + " bytes starting "
                            + HexFormat.of().formatHex(a, i, Math.min(n, i + 48)) + " = '"
                            + new String(a, i, Math.min(n - i, 200), StandardCharsets.ISO_8859_1) + "'");
                }
            }
            if (n != m) {
                return offset + Math.min(n, m);
            }
            if (n == 0) {
                return -1;
            }
            offset += n;
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream stream = new DigestInputStream(in, digest)) {
            stream.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
