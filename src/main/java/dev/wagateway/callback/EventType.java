package dev.wagateway.callback;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.wagateway.message.MessageStatus;

/** The events a tenant's endpoint is told of, by their names on the wire. {@code ping} is never subscribed to. */
public enum EventType {
    MESSAGE_SENT("message.sent"),
    MESSAGE_DELIVERED("message.delivered"),
    MESSAGE_READ("message.read"),
    MESSAGE_FAILED("message.failed"),
    MESSAGE_RECEIVED("message.received"),
    BATCH_FINISHED("batch.finished"),
    CONTACT_OPTED_OUT("contact.opted_out"),
    CONTACT_OPTED_IN("contact.opted_in"),
    PING("ping");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** What a tenant may subscribe to: every type but {@code ping}. */
    public static List<String> subscribable() {
        return Arrays.stream(values()).filter(t -> t != PING).map(EventType::wireName).toList();
    }

    public static Optional<EventType> ofWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** The event a message's new status is: sent, delivered, read, failed; none for the others. */
    public static Optional<EventType> forStatus(MessageStatus status) {
        return switch (status) {
            case SENT -> Optional.of(MESSAGE_SENT);
            case DELIVERED -> Optional.of(MESSAGE_DELIVERED);
            case READ -> Optional.of(MESSAGE_READ);
            case FAILED -> Optional.of(MESSAGE_FAILED);
            default -> Optional.empty();
        };
    }
}
