package dev.wagateway.message;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import org.springframework.stereotype.Component;

/** Checks a send request's fields (not yet whether tenant and contact exist) and makes it a {@link SendCommand}. */
@Component("sendRequests")
public class SendRequests {

    /** WhatsApp's limit for the body of a text message, in characters. */
    public static final int MAX_TEXT_LENGTH = 4096;
    /** {@code text}, or {@code template}: the only kind WhatsApp delivers outside the 24-hour window. */
    public static final String TEXT = "text";
    public static final String TEMPLATE = "template";
    static final List<String> TYPES = List.of(TEXT, TEMPLATE);

    /**
     * {@code POST /messages/send} body; {@code type} defaults to {@code text}; a {@code template} message has a
     * {@code template} ({@code {name, language, components}}) instead of a {@code message}.
     */
    public record SendMessageRequest(String tenantId, String contactId, String message, String type,
            JsonNode template) {

        public SendMessageRequest(String tenantId, String contactId, String message, String type) {
            this(tenantId, contactId, message, type, null);
        }
    }

    /** A send request whose fields are valid. */
    public record SendCommand(UUID tenantId, UUID contactId, String type, String content) {

        /** Without the content: a message's text never reaches a log line through an error message. */
        @Override
        public String toString() {
            return "SendCommand[tenantId=" + tenantId + ", contactId=" + contactId + ", type=" + type + "]";
        }
    }

    /** The request as a command for the caller's tenant ({@code tenantId}, if given, must be that tenant). */
    public SendCommand validate(Caller caller, SendMessageRequest request) {
        Requests.body(request);
        UUID tenantId = caller.tenantFor(request.tenantId());
        UUID contactId = Requests.uuid(request.contactId(), "contactId");
        String type = type(request.type());
        String content = TEMPLATE.equals(type) ? TemplateRequests.canonical(request.template())
                : content(request.message());
        return new SendCommand(tenantId, contactId, type, content);
    }

    /** The message type: absent means {@code text}; anything else not supported is a VALIDATION_ERROR. */
    public static String type(String type) {
        String checked = type == null ? TEXT : type;
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
        Requests.requireStorable(content, "message");
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
