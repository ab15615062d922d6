package dev.wagateway.webhook;

import java.time.Instant;

/**
 * One entry of {@code value.messages[]}: what a customer sent. {@code content} is the text of a text message, and
 * for any other type the JSON of its type-specific object (an image's media id, a location, a button's payload...).
 */
public record InboundMessage(String phoneNumberId, String from, String profileName, String externalMessageId,
        String type, String content, Instant sentAt) {

    /** Without the sender and the content: an inbound message never reaches a log line whole. */
    @Override
    public String toString() {
        return "InboundMessage[" + externalMessageId + ", " + type + "]";
    }
}
