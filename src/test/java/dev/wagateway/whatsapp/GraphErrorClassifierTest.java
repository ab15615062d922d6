package dev.wagateway.whatsapp;

import static dev.wagateway.whatsapp.FailureCategory.CONFIGURATION;
import static dev.wagateway.whatsapp.FailureCategory.PERMANENT;
import static dev.wagateway.whatsapp.FailureCategory.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphErrorClassifierTest {

    private static final String GRAPH_URI = "https://graph.facebook.com/v21.0/123456789/messages";

    private final GraphErrorClassifier classifier = new GraphErrorClassifier(new ObjectMapper());

    // --- Graph codes: the table, row by row ---------------------------------------------------------------------

    @ParameterizedTest(name = "Graph code {0} is {1}")
    @CsvSource({
            "1,      TRANSIENT",
            "2,      TRANSIENT",
            "4,      TRANSIENT",
            "80007,  TRANSIENT",
            "130429, TRANSIENT",
            "131000, TRANSIENT",
            "131016, TRANSIENT",
            "131056, TRANSIENT",
            "131057, TRANSIENT",
            "190,    CONFIGURATION",
            "368,    CONFIGURATION",
            "131031, CONFIGURATION",
            "131042, CONFIGURATION",
            "100,    PERMANENT",
            "131008, PERMANENT",
            "131009, PERMANENT",
            "131026, PERMANENT",
            "131047, PERMANENT",
            "131050, PERMANENT",
            "132000, PERMANENT",
            "132001, PERMANENT"})
    void graphCodeDecidesTheCategory(int graphCode, FailureCategory expected) {
        DeliveryFailure failure = classifier.classifyAnswer(400, graphBody(graphCode, "OAuthException", "boom", null));

        assertThat(failure.category()).isEqualTo(expected);
        assertThat(failure.code()).isEqualTo(String.valueOf(graphCode));
    }

    @Test
    void tableHoldsExactlyTheSpecifiedCodes() {
        assertThat(GraphErrorClassifier.BY_GRAPH_CODE).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(1, TRANSIENT), Map.entry(2, TRANSIENT), Map.entry(4, TRANSIENT),
                Map.entry(80007, TRANSIENT), Map.entry(130429, TRANSIENT), Map.entry(131000, TRANSIENT),
                Map.entry(131016, TRANSIENT), Map.entry(131056, TRANSIENT), Map.entry(131057, TRANSIENT),
                Map.entry(190, CONFIGURATION), Map.entry(368, CONFIGURATION), Map.entry(131031, CONFIGURATION),
                Map.entry(131042, CONFIGURATION),
                Map.entry(100, PERMANENT), Map.entry(131008, PERMANENT), Map.entry(131009, PERMANENT),
                Map.entry(131026, PERMANENT), Map.entry(131047, PERMANENT), Map.entry(131050, PERMANENT),
                Map.entry(132000, PERMANENT), Map.entry(132001, PERMANENT)));
    }

    @ParameterizedTest(name = "Graph code {0} on HTTP {1} is still {2}")
    @CsvSource({
            "131026, 500, PERMANENT",
            "100,    503, PERMANENT",
            "132001, 429, PERMANENT",
            "190,    500, CONFIGURATION",
            "368,    429, CONFIGURATION",
            "130429, 400, TRANSIENT",
            "131000, 403, TRANSIENT",
            "4,      401, TRANSIENT"})
    void listedGraphCodeWinsOverTheStatus(int graphCode, int status, FailureCategory expected) {
        DeliveryFailure failure = classifier.classifyAnswer(status, graphBody(graphCode, "OAuthException", "boom", null));

        assertThat(failure.category()).isEqualTo(expected);
        assertThat(failure.code()).isEqualTo(String.valueOf(graphCode));
    }

    // --- No listed code: the HTTP status decides -------------------------------------------------------------

    @ParameterizedTest(name = "HTTP {0} without a Graph code is {1}")
    @CsvSource({
            "500, TRANSIENT",
            "502, TRANSIENT",
            "503, TRANSIENT",
            "504, TRANSIENT",
            "429, TRANSIENT",
            "401, CONFIGURATION",
            "403, CONFIGURATION",
            "400, PERMANENT",
            "404, PERMANENT",
            "409, PERMANENT",
            "422, PERMANENT"})
    void statusDecidesWithoutAGraphBody(int status, FailureCategory expected) {
        for (String body : new String[] {null, "", "   ", "<html><body>Bad Gateway</body></html>", "not json"}) {
            DeliveryFailure failure = classifier.classifyAnswer(status, body);

            assertThat(failure.category()).as("body %s", body).isEqualTo(expected);
            assertThat(failure.code()).as("body %s", body).isEqualTo("HTTP_" + status);
            assertThat(failure.message()).as("body %s", body).isEqualTo("WhatsApp answered HTTP " + status);
        }
    }

    @ParameterizedTest(name = "unlisted Graph code on HTTP {0} is {1}")
    @CsvSource({
            "500, TRANSIENT",
            "503, TRANSIENT",
            "429, TRANSIENT",
            "401, CONFIGURATION",
            "403, CONFIGURATION",
            "400, PERMANENT",
            "404, PERMANENT"})
    void unlistedGraphCodeFallsBackToTheStatus(int status, FailureCategory expected) {
        DeliveryFailure failure = classifier.classifyAnswer(status, graphBody(999999, "GraphMethodException", "odd", null));

        assertThat(failure.category()).isEqualTo(expected);
        assertThat(failure.code()).isEqualTo("999999");
    }

    @Test
    void unlistedOAuthExceptionOn400IsConfiguration() {
        DeliveryFailure failure = classifier.classifyAnswer(400,
                graphBody(10, "OAuthException", "(#10) Application does not have permission for this action", null));

        assertThat(failure.category()).isEqualTo(CONFIGURATION);
        assertThat(failure.code()).isEqualTo("10");
    }

    // --- Code and message of the failure -----------------------------------------------------------------------

    @Test
    void messageJoinsGraphMessageAndDetails() {
        DeliveryFailure failure = classifier.classifyAnswer(400,
                graphBody(131026, "OAuthException", "(#131026) Message undeliverable", "Recipient cannot receive it"));

        assertThat(failure.message()).isEqualTo("(#131026) Message undeliverable: Recipient cannot receive it");
    }

    @Test
    void messageIsGraphMessageAloneWithoutDetails() {
        DeliveryFailure failure = classifier.classifyAnswer(400,
                graphBody(131026, "OAuthException", "(#131026) Message undeliverable", null));

        assertThat(failure.message()).isEqualTo("(#131026) Message undeliverable");
    }

    // --- Real Graph error bodies ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} on HTTP {1} is {2} / {3}")
    @CsvSource({
            "error_190_463_token_expired.json,          401, CONFIGURATION, 190",
            "error_130429_rate_limit.json,              429, TRANSIENT,     130429",
            "error_100_invalid_parameter.json,          400, PERMANENT,     100",
            "error_100_subcode_33_unknown_object.json,  400, PERMANENT,     100",
            "error_131009_parameter_not_valid.json,     400, PERMANENT,     131009",
            "error_132000_param_count_mismatch.json,    400, PERMANENT,     132000",
            "error_132001_template_not_found.json,      404, PERMANENT,     132001"})
    void realGraphErrorBodies(String file, int status, FailureCategory category, String code) throws IOException {
        DeliveryFailure failure = classifier.classifyAnswer(status, resource("/graph/" + file));

        assertThat(failure.category()).isEqualTo(category);
        assertThat(failure.code()).isEqualTo(code);
    }

    @Test
    void realBodyMessageCarriesGraphMessageAndDetails() throws IOException {
        DeliveryFailure failure = classifier.classifyAnswer(404, resource("/graph/error_132001_template_not_found.json"));

        assertThat(failure.message()).isEqualTo("(#132001) Template name does not exist in the translation: "
                + "template name (cg_quest_text) does not exist in en_US");
    }

    @Test
    void realBodyWithoutDetailsKeepsGraphMessageOnly() throws IOException {
        DeliveryFailure failure = classifier.classifyAnswer(401, resource("/graph/error_190_463_token_expired.json"));

        assertThat(failure.message()).startsWith("Error validating access token: Session has expired")
                .doesNotContain(": null");
    }

    @ParameterizedTest(name = "body [{0}] does not throw")
    @NullAndEmptySource
    @ValueSource(strings = {
            "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            "{\"error\":{\"message\":\"(#131026) Message undeliverable\",\"code\":1310",
            "{\"error\":",
            "{",
            "[]",
            "null",
            "\"error\"",
            "{\"error\":\"text instead of an object\"}",
            "{\"error\":null}",
            "{\"unexpected\":{\"code\":131026}}"})
    void malformedBodiesDoNotThrowAndFallBackToTheStatus(String body) {
        assertThatCode(() -> classifier.classifyAnswer(502, body)).doesNotThrowAnyException();

        DeliveryFailure failure = classifier.classifyAnswer(502, body);
        assertThat(failure.category()).isEqualTo(TRANSIENT);
        assertThat(failure.code()).isEqualTo("HTTP_502");
    }

    // --- classify(Throwable) -----------------------------------------------------------------------------------

    @Test
    void connectionErrorIsTransient() {
        DeliveryFailure failure = classifier.classify(new ConnectException("Connection refused"));

        assertThat(failure.category()).isEqualTo(TRANSIENT);
        assertThat(failure.code()).isEqualTo("CONNECTION_ERROR");
    }

    @Test
    void timeoutIsTransient() {
        DeliveryFailure failure = classifier.classify(new SocketTimeoutException("Read timed out"));

        assertThat(failure.category()).isEqualTo(TRANSIENT);
        assertThat(failure.code()).isEqualTo("TIMEOUT");
    }

    @Test
    void aContactWhoOptedOutIsRefusedWithoutACall() {
        DeliveryFailure failure = classifier.classify(new org.apache.camel.RuntimeCamelException(
                new ContactOptedOutException("The contact opted out after the message was queued")));

        assertThat(failure.category()).isEqualTo(FailureCategory.REFUSED);
        assertThat(failure.code()).isEqualTo("CONTACT_OPTED_OUT");
        assertThat(failure.message()).isEqualTo("The contact opted out after the message was queued");
    }

    @Test
    void ourOwnLimiterIsADeferralWithItsTurn() {
        DeliveryFailure failure = classifier.classify(new ThrottledException("PAIR_RATE_LIMIT", "Paced",
                java.time.Duration.ofSeconds(6)));

        assertThat(failure.category()).isEqualTo(FailureCategory.DEFERRED);
        assertThat(failure.code()).isEqualTo("PAIR_RATE_LIMIT");
        assertThat(failure.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(6));
    }

    @Test
    void missingCredentialsAreConfiguration() {
        DeliveryFailure failure = classifier.classify(new WhatsAppNotConfiguredException());

        assertThat(failure.category()).isEqualTo(CONFIGURATION);
        assertThat(failure.code()).isEqualTo("WHATSAPP_NOT_CONFIGURED");
    }

    @Test
    void httpFailureWithGraphBodyIsClassifiedByItsBody() {
        DeliveryFailure failure = classifier.classify(httpFailure(500,
                graphBody(131026, "OAuthException", "(#131026) Message undeliverable", "Recipient cannot receive it")));

        assertThat(failure).isEqualTo(new DeliveryFailure(PERMANENT, "131026",
                "(#131026) Message undeliverable: Recipient cannot receive it"));
    }

    @ParameterizedTest(name = "HTTP {0} failure without a body is {1}")
    @CsvSource({
            "503, TRANSIENT",
            "429, TRANSIENT",
            "401, CONFIGURATION",
            "403, CONFIGURATION",
            "404, PERMANENT"})
    void httpFailureWithoutBodyIsClassifiedByStatus(int status, FailureCategory expected) {
        DeliveryFailure failure = classifier.classify(httpFailure(status, null));

        assertThat(failure.category()).isEqualTo(expected);
        assertThat(failure.code()).isEqualTo("HTTP_" + status);
    }

    @Test
    void realTokenExpiredBodyThroughHttpFailure() throws IOException {
        DeliveryFailure failure = classifier.classify(httpFailure(401, resource("/graph/error_190_463_token_expired.json")));

        assertThat(failure.category()).isEqualTo(CONFIGURATION);
        assertThat(failure.code()).isEqualTo("190");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String graphBody(int code, String type, String message, String details) {
        String errorData = details == null ? ""
                : ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + details + "\"}";
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":" + code
                + errorData + ",\"fbtrace_id\":\"AbCdEf\"}}";
    }

    private static HttpOperationFailedException httpFailure(int status, String body) {
        return new HttpOperationFailedException(GRAPH_URI, status, "status " + status, null, Map.of(), body);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = GraphErrorClassifierTest.class.getResourceAsStream(path)) {
            assertThat(in).as("classpath resource %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
