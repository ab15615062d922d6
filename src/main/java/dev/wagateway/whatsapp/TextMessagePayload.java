package dev.wagateway.whatsapp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The Cloud API body of a text message: {@code POST /{phone-number-id}/messages}. */
@JsonPropertyOrder({"messaging_product", "recipient_type", "to", "type", "text"})
public record TextMessagePayload(@JsonProperty("messaging_product") String messagingProduct,
        @JsonProperty("recipient_type") String recipientType, String to, String type, Text text) {

    public record Text(@JsonProperty("preview_url") boolean previewUrl, String body) {
    }

    public static TextMessagePayload of(String to, String body) {
        return new TextMessagePayload("whatsapp", "individual", to, "text", new Text(false, body));
    }
}
