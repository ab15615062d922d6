package dev.wagateway.whatsapp;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What the Cloud API answers to an accepted send; only {@code messages[0].id} (the wamid) matters here. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GraphSendResponse(List<MessageRef> messages) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessageRef(String id) {
    }

    public String wamid() {
        return messageId().orElseThrow(() -> new IllegalStateException(
                "WhatsApp accepted the request but answered no message id"));
    }

    /** WhatsApp's id of the message, if the answer has one. */
    public Optional<String> messageId() {
        if (messages == null || messages.isEmpty() || messages.get(0).id() == null || messages.get(0).id().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(messages.get(0).id());
    }
}
