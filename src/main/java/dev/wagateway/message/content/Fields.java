package dev.wagateway.message.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.Requests;

/**
 * The checks every type's fields share: a text of at most so many Unicode code points (counted as WhatsApp counts
 * characters), an object, an absolute {@code https} URL. Each failure is a VALIDATION_ERROR naming the field by its
 * path in the request ({@code interactive.buttons[1].title}).
 */
final class Fields {

    private Fields() {
    }

    /** Whether the field is absent or JSON null. */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The field as an object: required, else VALIDATION_ERROR. */
    static JsonNode object(JsonNode node, String field) {
        if (absent(node)) {
            throw ApiException.validation(field + " is required");
        }
        if (!node.isObject()) {
            throw ApiException.validation(field + " must be an object");
        }
        return node;
    }

    /** A required text, not blank, at most {@code max} characters. */
    static String text(JsonNode node, String field, int max) {
        if (absent(node)) {
            throw ApiException.validation(field + " is required");
        }
        return checked(node, field, max);
    }

    /** An optional text (null when absent), not blank when given, at most {@code max} characters. */
    static String optionalText(JsonNode node, String field, int max) {
        return absent(node) ? null : checked(node, field, max);
    }

    /** A required text given as a plain string (a top-level field of the request). */
    static String text(String value, String field, int max) {
        if (value == null) {
            throw ApiException.validation(field + " is required");
        }
        return checked(value, field, max);
    }

    /** An absolute {@code https} URL with a host, at most 2,000 characters. */
    static String httpsUrl(JsonNode node, String field) {
        String url = text(node, field, 2000);
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an absolute https URL");
            }
        } catch (URISyntaxException e) {
            throw ApiException.validation(field + " must be an absolute https URL");
        }
        return url;
    }

    private static String checked(JsonNode node, String field, int max) {
        if (!node.isTextual()) {
            throw ApiException.validation(field + " must be a string");
        }
        return checked(node.asText(), field, max);
    }

    static String checked(String value, String field, int max) {
        Requests.requireStorable(value, field);
        if (value.isBlank()) {
            throw ApiException.validation(field + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw ApiException.validation(field + " must be at most " + max + " characters");
        }
        return value;
    }
}
