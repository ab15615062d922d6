package dev.wagateway.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Field checks shared by the request validators; each failure is a VALIDATION_ERROR naming the field. */
public final class Requests {

    private Requests() {
    }

    public static UUID uuid(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.validation(field + " is required");
        }
        if (value.indexOf('\u0000') >= 0) { // trim() below would quietly drop it
            throw ApiException.validation(field + " must be a UUID");
        }
        try {
            UUID id = UUID.fromString(value.trim());
            if (!id.toString().equalsIgnoreCase(value.trim())) {
                throw new IllegalArgumentException(value);
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field + " must be a UUID");
        }
    }

    public static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ApiException.validation(field + " is required");
        }
        String trimmed = value.trim();
        requireStorable(trimmed, field);
        if (trimmed.codePointCount(0, trimmed.length()) > maxLength) {
            throw ApiException.validation(field + " must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    /**
     * PostgreSQL cannot store U+0000 in text, and half a surrogate pair (JSON's {@code "\uD83D"} alone) is no
     * character at all (it would be stored as {@code ?}): refuse both up front rather than store something else.
     */
    public static void requireStorable(String value, String field) {
        if (value.indexOf('\u0000') >= 0) {
            throw ApiException.validation(field + " must not contain NUL characters");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) { // only an unpaired surrogate cannot be
            throw ApiException.validation(field + " must be valid Unicode text (an unpaired surrogate)");
        }
    }

    /** A {@code limit} query parameter: absent means {@code defaultLimit}; otherwise a whole number from 1 to max. */
    public static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isEmpty()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.validation("limit must be a whole number from 1 to " + max);
    }

    public static <T> T body(T request) {
        if (request == null) {
            throw ApiException.validation("Request body is required");
        }
        return request;
    }
}
