package dev.wagateway.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.message.SendRequests;
import org.springframework.stereotype.Component;

/**
 * Maps a message about to be sent ({@link OutgoingMessages}) to the Cloud API request body:
 * {@code {"messaging_product": "whatsapp", "recipient_type": "individual", "to", "type": T, T: {…}}}, where the
 * object under T is a text's {@code {"preview_url": false, "body"}}, else the message's stored content (the Cloud
 * API's object for that type: template, image, location, interactive, reaction…), plus
 * {@code "context": {"message_id"}} for a reply. docs/message-types.md shows each.
 */
@Component("whatsAppPayloads")
public class WhatsAppPayloads {

    private final ObjectMapper json;

    public WhatsAppPayloads(ObjectMapper json) {
        this.json = json;
    }

    public Object forMessage(OutgoingMessages.Outgoing message) throws JsonProcessingException {
        ObjectNode payload = json.createObjectNode();
        payload.put("messaging_product", "whatsapp");
        payload.put("recipient_type", "individual");
        payload.put("to", message.phone());
        payload.put("type", message.type());
        if (SendRequests.TEXT.equals(message.type())) {
            payload.putObject("text").put("preview_url", false).put("body", message.content());
        } else {
            payload.set(message.type(), json.readTree(message.content()));
        }
        if (message.contextMessageId() != null) {
            payload.putObject("context").put("message_id", message.contextMessageId());
        }
        return payload;
    }
}
