package dev.wagateway.whatsapp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What the Cloud API answers to an accepted send; only {@code messages[0].id} (the wamid) matters here. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GraphSendResponse(List<MessageRef> messages) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessageRef(String id) {
    }

    public String wamid() {
        if (messages == null || messages.isEmpty() || messages.get(0).id() == null || messages.get(0).id().isBlank()) {
            throw new IllegalStateException("WhatsApp accepted the request but answered no message id");
        }
        return messages.get(0).id();
    }
}
