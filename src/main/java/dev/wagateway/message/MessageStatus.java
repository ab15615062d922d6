package dev.wagateway.message;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An outbound message's life: queued → sent → delivered → read, or failed, or cancelled (a queued message no instance
 * was sending, {@code POST /messages/{id}/cancel}: terminal, never sent); an inbound one (a customer wrote it) is
 * received. Stored and shown in lower case.
 */
public enum MessageStatus {
    QUEUED, SENDING, SENT, DELIVERED, READ, FAILED, RECEIVED, CANCELLED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageStatus parse(String value) {
        for (MessageStatus status : values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException(value);
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(MessageStatus::value).collect(Collectors.joining(", "));
    }
}
