package dev.wagateway.whatsapp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** The Cloud API body of a template message: the stored {@code template} object ({@code name, language, components}). */
@JsonPropertyOrder({"messaging_product", "recipient_type", "to", "type", "template"})
public record TemplateMessagePayload(@JsonProperty("messaging_product") String messagingProduct,
        @JsonProperty("recipient_type") String recipientType, String to, String type, JsonNode template) {

    public static TemplateMessagePayload of(String to, JsonNode template) {
        return new TemplateMessagePayload("whatsapp", "individual", to, "template", template);
    }
}
