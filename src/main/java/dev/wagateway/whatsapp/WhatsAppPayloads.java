package dev.wagateway.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.message.SendRequests;
import org.springframework.stereotype.Component;

/** Maps a message about to be sent ({@link OutgoingMessages}) to the Cloud API request body: a text, or a template. */
@Component("whatsAppPayloads")
public class WhatsAppPayloads {

    private final ObjectMapper json;

    public WhatsAppPayloads(ObjectMapper json) {
        this.json = json;
    }

    public Object forMessage(OutgoingMessages.Outgoing message) throws JsonProcessingException {
        if (SendRequests.TEMPLATE.equals(message.type())) {
            return TemplateMessagePayload.of(message.phone(), json.readTree(message.content()));
        }
        return TextMessagePayload.of(message.phone(), message.content());
    }
}
