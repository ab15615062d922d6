package dev.wagateway.webhook;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.message.MessageStatus;
import org.springframework.stereotype.Component;

/**
 * Reads what Meta posts ({@code object: whatsapp_business_account}, {@code entry[].changes[].value}) tolerantly:
 * unknown fields, other {@code field}s, missing arrays and extra keys are passed over, as the fixtures under
 * {@code src/test/resources/webhooks} show Meta and relays send them.
 */
@Component("webhookPayloads")
public class WebhookPayloads {

    private final ObjectMapper json;

    public WebhookPayloads(ObjectMapper json) {
        this.json = json;
    }

    /** What one webhook request carries: the messages customers sent, and the statuses of ours. */
    public record Notification(List<InboundMessage> inbound, List<ReportedStatus> statuses) {
    }

    /** The body parsed once, both read from it. */
    public Notification read(byte[] body, Instant receivedAt) throws IOException {
        List<JsonNode> values = values(body);
        return new Notification(inbound(values, receivedAt), statuses(values, receivedAt));
    }

    /** The statuses of every change of every entry; an unknown status value ({@code deleted}...) is passed over. */
    public List<ReportedStatus> statuses(byte[] body, Instant receivedAt) throws IOException {
        return read(body, receivedAt).statuses();
    }

    private static List<ReportedStatus> statuses(List<JsonNode> values, Instant receivedAt) {
        List<ReportedStatus> found = new ArrayList<>();
        for (JsonNode value : values) {
            String phoneNumberId = value.path("metadata").path("phone_number_id").asText(null);
            for (JsonNode status : value.path("statuses")) {
                MessageStatus reported = status(status.path("status").asText(""));
                String id = status.path("id").asText("");
                if (reported != null && !id.isBlank()) {
                    JsonNode error = status.path("errors").path(0);
                    found.add(new ReportedStatus(phoneNumberId, id, reported, timestamp(status, receivedAt),
                            error.isMissingNode() ? null : error.path("code").asText(null), errorMessage(error)));
                }
            }
        }
        return found;
    }

    /**
     * The messages customers sent: {@code from}, the sender's profile name (from {@code contacts[]} with that
     * {@code wa_id}), WhatsApp's id, type and content; entries without an id or a {@code from} are passed over.
     */
    public List<InboundMessage> inbound(byte[] body, Instant receivedAt) throws IOException {
        return read(body, receivedAt).inbound();
    }

    private static List<InboundMessage> inbound(List<JsonNode> values, Instant receivedAt) {
        List<InboundMessage> found = new ArrayList<>();
        for (JsonNode value : values) {
            String phoneNumberId = value.path("metadata").path("phone_number_id").asText(null);
            for (JsonNode message : value.path("messages")) {
                String from = message.path("from").asText("");
                String id = message.path("id").asText("");
                if (from.isBlank() || id.isBlank()) {
                    continue;
                }
                String type = message.path("type").asText("unknown");
                found.add(new InboundMessage(phoneNumberId, from, profileName(value, from), id,
                        type.length() > 20 ? type.substring(0, 20) : type, content(message, type),
                        timestamp(message, receivedAt)));
            }
        }
        return found;
    }

    /** Every {@code entry[].changes[].value}. */
    private List<JsonNode> values(byte[] body) throws IOException {
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode entry : json.readTree(body).path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                values.add(change.path("value"));
            }
        }
        return values;
    }

    private static String profileName(JsonNode value, String from) {
        for (JsonNode contact : value.path("contacts")) {
            if (from.equals(contact.path("wa_id").asText())) {
                String name = contact.path("profile").path("name").asText("");
                return name.isBlank() ? null : name;
            }
        }
        return null;
    }

    private static String content(JsonNode message, String type) {
        JsonNode specific = message.path(type);
        String content = "text".equals(type) ? specific.path("body").asText("")
                : specific.isMissingNode() ? "{}" : specific.toString();
        return content.replace('\u0000', '\uFFFD'); // PostgreSQL text cannot hold NUL
    }

    private static MessageStatus status(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sent" -> MessageStatus.SENT;
            case "delivered" -> MessageStatus.DELIVERED;
            case "read" -> MessageStatus.READ;
            case "failed" -> MessageStatus.FAILED;
            default -> null;
        };
    }

    /** {@code timestamp} is Unix seconds, as a string (usually) or a number; without one, when we received it. */
    private static Instant timestamp(JsonNode status, Instant receivedAt) {
        String text = status.path("timestamp").asText("");
        try {
            return text.isBlank() ? receivedAt : Instant.ofEpochSecond(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return receivedAt;
        }
    }

    /** {@code errors[0]}: its message (or title), and {@code error_data.details} when it adds something. */
    private static String errorMessage(JsonNode error) {
        if (error.isMissingNode()) {
            return null;
        }
        String message = error.path("message").asText(error.path("title").asText(""));
        String details = error.path("error_data").path("details").asText("");
        return details.isBlank() || details.equals(message) ? message : message + ": " + details;
    }
}
