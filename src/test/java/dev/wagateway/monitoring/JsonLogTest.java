package dev.wagateway.monitoring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@code LOG_FORMAT=json}: every line about a message carries its {@code messageId} and {@code tenantId} as JSON
 * fields, and never the phone number or the token. The log lines of a real send are captured as the service writes
 * them, then encoded as the JSON console encoder does ({@code logging.structured.format.console=logstash}, what
 * {@code LogFormat} sets for {@code json}).
 */
class JsonLogTest extends IntegrationTest {

    @Test
    void every_line_about_a_message_carries_its_message_id_and_tenant_id() throws Exception {
        GRAPH.stubFor(post(urlPathMatching("/v25.0/.*/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(logging);
        captured.start();
        root.addAppender(captured);
        String tenantId;
        String messageId;
        String phone = uniquePhone();
        try {
            tenantId = api.tenant("Json logs");
            String contactId = api.contact(tenantId, phone);
            messageId = api.send(tenantId, contactId, "hello json").data().path("id").asText();
        } finally {
            root.detachAppender(captured);
        }

        List<ILoggingEvent> aboutTheMessage = List.copyOf(captured.list).stream()
                .filter(e -> e.getFormattedMessage().contains(messageId)).toList();
        assertThat(aboutTheMessage).as("lines about the message").hasSizeGreaterThanOrEqualTo(2);

        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(logging);
        encoder.setFormat("logstash");
        encoder.start();
        ObjectMapper json = new ObjectMapper();
        for (ILoggingEvent event : aboutTheMessage) {
            String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
            assertThat(line.strip()).as("one line").doesNotContain("\n");
            JsonNode fields = json.readTree(line);
            assertThat(fields.path("message").asText()).contains(messageId);
            assertThat(fields.path("messageId").asText()).as(line).isEqualTo(messageId);
            assertThat(fields.path("tenantId").asText()).as(line).isEqualTo(tenantId);
            assertThat(line).doesNotContain(phone, phone.substring(1), "test-token", "hello json");
        }
    }

    @Test
    void log_format_json_switches_the_console_to_structured_logging() {
        MockEnvironment environment = new MockEnvironment().withProperty("logging.format", "json");
        new dev.wagateway.config.LogFormat().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");

        MockEnvironment text = new MockEnvironment().withProperty("logging.format", "text");
        new dev.wagateway.config.LogFormat().postProcessEnvironment(text, null);
        assertThat(text.getProperty("logging.structured.format.console")).isNull();
    }
}
