package dev.wagateway.whatsapp;

import static dev.wagateway.whatsapp.FailureCategory.CONFIGURATION;
import static dev.wagateway.whatsapp.FailureCategory.PERMANENT;
import static dev.wagateway.whatsapp.FailureCategory.TRANSIENT;
import static java.util.Map.entry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.ErrorCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * The one table that says what a failed WhatsApp call means. A Graph error code in the table decides first; then
 * the HTTP status: 5xx and 429 are transient, 401 and 403 configuration; then an unlisted {@code OAuthException}
 * is configuration; any other 4xx is permanent. Errors without an answer (timeout, refused connection) are transient;
 * a call the open circuit refused ({@code CIRCUIT_OPEN}) is configuration, like the failure that opened it; a call
 * our own limiter held back ({@code RATE_LIMIT}, {@code PAIR_RATE_LIMIT}, {@code RATE_LIMIT_UNAVAILABLE}) is deferred;
 * a message whose contact opted out ({@code CONTACT_OPTED_OUT}, no call made) is refused.
 */
@Component("graphErrorClassifier")
public class GraphErrorClassifier {

    /** Graph error codes, from Meta's error-code reference for the Cloud API. */
    static final Map<Integer, FailureCategory> BY_GRAPH_CODE = Map.ofEntries(
            entry(1, TRANSIENT),            // API unknown: temporary, retry
            entry(2, TRANSIENT),            // API service: temporary downtime
            entry(4, TRANSIENT),            // API too many calls: app rate limit
            entry(80007, TRANSIENT),        // WhatsApp Business Account rate limit
            entry(130429, TRANSIENT),       // throughput rate limit hit
            entry(131000, TRANSIENT),       // something went wrong (unknown, server side)
            entry(131016, TRANSIENT),       // service unavailable
            entry(131056, TRANSIENT),       // pair rate limit: too many messages to this recipient
            entry(131057, TRANSIENT),       // business account in maintenance mode
            entry(190, CONFIGURATION),      // access token expired or invalid
            entry(368, CONFIGURATION),      // temporarily blocked for policy violations
            entry(131031, CONFIGURATION),   // business account locked
            entry(131042, CONFIGURATION),   // business eligibility: payment issue
            entry(100, PERMANENT),          // invalid parameter
            entry(131008, PERMANENT),       // required parameter missing
            entry(131009, PERMANENT),       // parameter value not valid
            entry(131026, PERMANENT),       // message undeliverable (recipient cannot receive it)
            entry(131047, PERMANENT),       // re-engagement message: outside the 24-hour window
            entry(131050, PERMANENT),       // recipient stopped marketing messages
            entry(132000, PERMANENT),       // template parameter count mismatch
            entry(132001, PERMANENT));      // template does not exist

    private final ObjectMapper json;

    public GraphErrorClassifier(ObjectMapper json) {
        this.json = json;
    }

    public DeliveryFailure classify(Throwable thrown) {
        Throwable error = unwrap(thrown);
        if (error instanceof HttpOperationFailedException http) {
            return classifyAnswer(http.getStatusCode(), http.getResponseBody());
        }
        if (error instanceof ThrottledException throttled) {
            return new DeliveryFailure(FailureCategory.DEFERRED, throttled.code(), throttled.getMessage(),
                    throttled.retryAfter());
        }
        if (error instanceof ContactOptedOutException) {
            return new DeliveryFailure(FailureCategory.REFUSED, ErrorCode.CONTACT_OPTED_OUT.name(), error.getMessage());
        }
        if (error instanceof WhatsAppNotConfiguredException) {
            return new DeliveryFailure(CONFIGURATION, "WHATSAPP_NOT_CONFIGURED", error.getMessage());
        }
        if (error instanceof CallNotPermittedException) {
            return new DeliveryFailure(CONFIGURATION, "CIRCUIT_OPEN",
                    "Calls to WhatsApp are paused after a configuration failure");
        }
        if (error instanceof InterruptedIOException) {
            return new DeliveryFailure(TRANSIENT, "TIMEOUT", "WhatsApp did not answer in time");
        }
        if (error instanceof IOException) {
            return new DeliveryFailure(TRANSIENT, "CONNECTION_ERROR", "Could not reach WhatsApp: " + error.getMessage());
        }
        return new DeliveryFailure(TRANSIENT, "DELIVERY_ERROR", "Delivery failed: " + error.getClass().getSimpleName());
    }

    /** The circuit breaker step hands on a checked failure wrapped in Camel's runtime exception. */
    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while (current instanceof RuntimeCamelException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** An HTTP answer other than 2xx, with its body as WhatsApp sent it (a Graph error, or anything a proxy says). */
    public DeliveryFailure classifyAnswer(int status, String body) {
        JsonNode graph = graphError(body);
        Integer code = graph.path("code").canConvertToInt() ? graph.path("code").asInt() : null;
        FailureCategory category = category(status, code, graph.path("type").asText(""));
        String message = graph.hasNonNull("message") ? graph.get("message").asText() : "WhatsApp answered HTTP " + status;
        String details = graph.path("error_data").path("details").asText("");
        if (!details.isBlank()) {
            message = message + ": " + details;
        }
        return new DeliveryFailure(category, code != null ? String.valueOf(code) : "HTTP_" + status, message);
    }

    static FailureCategory category(int status, Integer graphCode, String graphType) {
        if (graphCode != null && BY_GRAPH_CODE.containsKey(graphCode)) {
            return BY_GRAPH_CODE.get(graphCode);
        }
        if (status >= 500 || status == 429) {
            return TRANSIENT;
        }
        if (status == 401 || status == 403 || "OAuthException".equals(graphType)) {
            return CONFIGURATION;
        }
        if (status >= 400) {
            return PERMANENT;
        }
        return TRANSIENT;
    }

    private JsonNode graphError(String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body).path("error");
        } catch (IOException | RuntimeException notJson) {
            return json.missingNode();
        }
    }
}
