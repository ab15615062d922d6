package dev.wagateway.config;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wagateway.whatsapp.GraphSendResponse;
import dev.wagateway.whatsapp.OutgoingMessages;
import dev.wagateway.whatsapp.WhatsAppPayloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WhatsApp sandbox (src/test/resources/whatsapp-sandbox: docker-compose.yml's whatsapp-sandbox, and what the
 * README starts by hand without Docker) answers a send as Meta does: 200, the recipient's wa_id and a wamid that the
 * gateway reads as the message's WhatsApp id. Loaded here as WireMock loads it from {@code --root-dir}.
 */
class WhatsAppSandboxTest {

    private final ObjectMapper json = new ObjectMapper();
    private final WireMockServer sandbox = new WireMockServer(options().dynamicPort()
            .usingFilesUnderDirectory("src/test/resources/whatsapp-sandbox"));

    @BeforeEach
    void start() {
        sandbox.start();
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    @Test
    void a_send_is_answered_200_with_a_wamid() throws Exception {
        String body = json.writeValueAsString(new WhatsAppPayloads(json).forMessage(new OutgoingMessages.Outgoing(
                UUID.randomUUID(), "text", "Hello", "+919876543210", UUID.randomUUID(), null, null, null, false)));
        HttpRequest send = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v25.0/100000000000001/messages"))
                .header("Authorization", "Bearer sandbox-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(send, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode answered = json.readTree(answer.body());
        assertThat(answered.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(answered.path("contacts").path(0).path("wa_id").asText()).isEqualTo("919876543210");
        String wamid = json.treeToValue(answered, GraphSendResponse.class).wamid();
        assertThat(wamid).matches("wamid\\.SANDBOX[A-Za-z0-9]{24}");
    }
}
