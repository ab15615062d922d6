package dev.wagateway.message;

import java.util.Set;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import org.springframework.stereotype.Component;

/** Checks a send request's fields (not yet whether tenant and contact exist) and makes it a {@link SendCommand}. */
@Component("sendRequests")
public class SendRequests {

    /** WhatsApp's limit for the body of a text message, in characters. */
    public static final int MAX_TEXT_LENGTH = 4096;
    static final Set<String> TYPES = Set.of("text");

    /** {@code POST /messages/send} body; {@code type} defaults to {@code text}. */
    public record SendMessageRequest(String tenantId, String contactId, String message, String type) {
    }

    /** A send request whose fields are valid. */
    public record SendCommand(UUID tenantId, UUID contactId, String type, String content) {

        /** Without the content: a message's text never reaches a log line through an error message. */
        @Override
        public String toString() {
            return "SendCommand[tenantId=" + tenantId + ", contactId=" + contactId + ", type=" + type + "]";
        }
    }

    public SendCommand validate(SendMessageRequest request) {
        Requests.body(request);
        UUID tenantId = Requests.uuid(request.tenantId(), "tenantId");
        UUID contactId = Requests.uuid(request.contactId(), "contactId");
        String type = type(request.type());
        String content = content(request.message());
        return new SendCommand(tenantId, contactId, type, content);
    }

    /** The message type: absent means {@code text}; anything else not supported is a VALIDATION_ERROR. */
    public static String type(String type) {
        String checked = type == null ? "text" : type;
        if (!TYPES.contains(checked)) {
            throw ApiException.validation("type must be one of: " + String.join(", ", TYPES));
        }
        return checked;
    }

    /** The text: required (VALIDATION_ERROR), not blank (EMPTY_MESSAGE), at most 4096 characters (MESSAGE_TOO_LONG). */
    public static String content(String content) {
        if (content == null) {
            throw ApiException.validation("message is required");
        }
        Requests.requireNoNul(content, "message");
        if (content.isBlank()) {
            throw new ApiException(ErrorCode.EMPTY_MESSAGE, "message is empty");
        }
        if (content.codePointCount(0, content.length()) > MAX_TEXT_LENGTH) {
            throw new ApiException(ErrorCode.MESSAGE_TOO_LONG,
                    "message is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return content;
    }
}
