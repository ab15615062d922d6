package dev.wagateway.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.contact.PhoneNumbers;
import dev.wagateway.message.content.MessageContents;
import dev.wagateway.message.content.MessageContents.ContentFields;
import dev.wagateway.tenant.Caller;
import org.springframework.stereotype.Component;

/**
 * Checks a send request's fields (not yet whether tenant and contact exist) and makes it a {@link SendCommand}: the
 * recipient ({@code contactId}, or {@code to}: a phone number, normalised to E.164), the content, the caller's
 * {@code clientReference}, and {@code sendAt} (kept only when it is more than a second ahead).
 */
@Component("sendRequests")
public class SendRequests {

    /** WhatsApp's limit for the body of a text message, in characters. */
    public static final int MAX_TEXT_LENGTH = 4096;
    /**
     * {@code text}, {@code template} (the only kind WhatsApp delivers outside the 24-hour window), and the types of
     * {@link MessageContents} (media, location, interactive, reaction).
     */
    public static final String TEXT = "text";
    public static final String TEMPLATE = "template";
    static final List<String> TYPES = MessageContents.TYPES;
    /** The longest {@code clientReference}, in characters (messages.client_reference). */
    public static final int MAX_CLIENT_REFERENCE_LENGTH = 128;
    /** A {@code sendAt} this close (or in the past) is sent at once, as a send without one. */
    static final Duration SEND_NOW_WITHIN = Duration.ofSeconds(1);
    /** RFC 3339's date-time: seconds required, and an offset ({@code Z} or {@code ±hh:mm}). */
    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    /**
     * {@code POST /messages/send} body; {@code type} defaults to {@code text}; a {@code template} message has a
     * {@code template} ({@code {name, language, components}}) instead of a {@code message}, the other types their
     * own fields ({@code media}, {@code caption}, {@code filename}, {@code location}, {@code interactive},
     * {@code reaction}: docs/message-types.md); any type may reply to a message ({@code replyTo}, our id); the
     * recipient is {@code contactId} or {@code to} (a phone number), exactly one of them.
     */
    public record SendMessageRequest(String tenantId, String contactId, String message, String type,
            JsonNode template, String to, String clientReference, String sendAt, JsonNode media, String caption,
            String filename, JsonNode location, JsonNode interactive, JsonNode reaction, String replyTo) {

        public SendMessageRequest(String tenantId, String contactId, String message, String type) {
            this(tenantId, contactId, message, type, null, null, null, null);
        }

        public SendMessageRequest(String tenantId, String contactId, String message, String type, JsonNode template,
                String to, String clientReference, String sendAt) {
            this(tenantId, contactId, message, type, template, to, clientReference, sendAt, null, null, null, null,
                    null, null, null);
        }

        /** Without the text and the phone: a request never reaches a log line whole. */
        @Override
        public String toString() {
            return "SendMessageRequest[tenantId=" + tenantId + ", contactId=" + contactId + ", type=" + type + "]";
        }
    }

    /**
     * A send request whose fields are valid: for {@code contactId}, or for {@code phone} (E.164; the contact is
     * found or created when the message is stored); {@code sendAt} null: sent at once. {@code replyTo}: our id of the
     * message replied to, {@code reactionTarget}: of the message a reaction is for (each null without); both are
     * resolved to WhatsApp ids in the conversation by {@link MessageReferences}, which sets
     * {@code contextMessageId} (the replied-to message's WhatsApp id) and a reaction's {@code message_id}.
     */
    public record SendCommand(UUID tenantId, UUID contactId, String phone, String type, String content,
            String clientReference, Instant sendAt, UUID replyTo, UUID reactionTarget, String contextMessageId) {

        /** Whether the send names another message (a reply, a reaction), to be looked up in its conversation. */
        public boolean refersToMessages() {
            return replyTo != null || reactionTarget != null;
        }

        /** The command with its references resolved: the content (a reaction's) and the reply's WhatsApp id. */
        public SendCommand resolved(String resolvedContent, String resolvedContextMessageId) {
            return new SendCommand(tenantId, contactId, phone, type, resolvedContent, clientReference, sendAt,
                    replyTo, reactionTarget, resolvedContextMessageId);
        }

        /** Without the content and the phone: neither reaches a log line through an error message. */
        @Override
        public String toString() {
            return "SendCommand[tenantId=" + tenantId + ", contactId=" + contactId + ", type=" + type + "]";
        }
    }

    private final SendSettings settings;
    private final Clock clock;

    public SendRequests(SendSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the send is attempted at once: unless the delivery switch is off, or it is scheduled. */
    public boolean attemptNow(boolean deliverNow, SendCommand command) {
        return deliverNow && command.sendAt() == null;
    }

    /** The request as a command for the caller's tenant ({@code tenantId}, if given, must be that tenant). */
    public SendCommand validate(Caller caller, SendMessageRequest request) {
        Requests.body(request);
        UUID tenantId = caller.tenantFor(request.tenantId());
        if (request.contactId() != null && request.to() != null) {
            throw ApiException.validation("give contactId or to, not both");
        }
        if (request.contactId() == null && request.to() == null) {
            throw ApiException.validation("contactId or to is required");
        }
        UUID contactId = request.to() == null ? Requests.uuid(request.contactId(), "contactId") : null;
        String phone = request.to() == null ? null : PhoneNumbers.toE164(request.to());
        String type = type(request.type());
        UUID reactionTarget = null;
        String content;
        if (TEMPLATE.equals(type)) {
            content = TemplateRequests.canonical(request.template());
        } else if (TEXT.equals(type)) {
            content = content(request.message());
        } else {
            MessageContents.Content built = MessageContents.of(type, new ContentFields(request.media(),
                    request.caption(), request.filename(), request.location(), request.interactive(),
                    request.reaction()));
            content = built.json();
            reactionTarget = built.reactionTarget();
        }
        UUID replyTo = request.replyTo() == null ? null : Requests.uuid(request.replyTo(), "replyTo");
        return new SendCommand(tenantId, contactId, phone, type, content, clientReference(request.clientReference()),
                sendAt(request.sendAt()), replyTo, reactionTarget, null);
    }

    /** Absent (null), or 1 to 128 characters with no NUL: else VALIDATION_ERROR. */
    public static String clientReference(String reference) {
        if (reference == null) {
            return null;
        }
        Requests.requireStorable(reference, "clientReference");
        int length = reference.codePointCount(0, reference.length());
        if (length < 1 || length > MAX_CLIENT_REFERENCE_LENGTH) {
            throw ApiException.validation("clientReference must be 1 to " + MAX_CLIENT_REFERENCE_LENGTH
                    + " characters");
        }
        return reference;
    }

    /**
     * When a scheduled send is due: null (sent at once) when absent, past, or within a second; an RFC 3339
     * date-time with an offset up to SCHEDULE_MAX_AHEAD ahead; anything else is VALIDATION_ERROR.
     */
    public Instant sendAt(String sendAt) {
        if (sendAt == null) {
            return null;
        }
        Instant at;
        try {
            if (!RFC_3339.matcher(sendAt).matches()) {
                throw new DateTimeParseException("not RFC 3339", sendAt, 0);
            }
            at = OffsetDateTime.parse(sendAt.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.validation("sendAt must be an RFC 3339 date-time with an offset,"
                    + " as 2026-12-01T09:00:00+01:00");
        }
        Instant now = clock.instant();
        if (!at.isAfter(now.plus(SEND_NOW_WITHIN))) {
            return null;
        }
        if (at.isAfter(now.plus(settings.scheduleMaxAhead()))) {
            throw ApiException.validation("sendAt is more than SCHEDULE_MAX_AHEAD ("
                    + settings.scheduleMaxAhead().toString().substring(2).toLowerCase(Locale.ROOT) + ") ahead");
        }
        return at;
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
