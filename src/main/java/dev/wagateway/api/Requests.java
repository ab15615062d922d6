package dev.wagateway.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Field checks shared by the request validators; each failure is a VALIDATION_ERROR naming the field. */
public final class Requests {

    /** An offset's {@code +} that a query string turned into a space ({@code …10:00:00 02:00}). */
    private static final Pattern SPACED_OFFSET = Pattern.compile("(\\d) (\\d\\d:\\d\\d)$");

    private Requests() {
    }

    public static UUID uuid(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.validation(field + " is required");
        }
        try {
            // exactly the 36 characters, as the contract's format: uuid (no white space around it, no NUL)
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
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

    /** An optional query parameter that names an id: absent or empty means null; else a UUID. */
    public static UUID optionalUuid(String value, String field) {
        return value == null || value.isEmpty() ? null : uuid(value, field);
    }

    /**
     * An RFC 3339 timestamp with its offset ({@code 2025-01-01T10:00:00Z}, {@code 2025-01-01T12:00:00.5+02:00});
     * absent or empty means null. An offset's {@code +} sent unencoded in a query (read as a space) is taken as meant.
     */
    public static Instant timestamp(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            String text = SPACED_OFFSET.matcher(value.trim()).replaceFirst("$1+$2");
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field + " must be an RFC 3339 date-time with an offset, as 2025-01-01T10:00:00Z");
        }
    }

    public static <T> T body(T request) {
        if (request == null) {
            throw ApiException.validation("Request body is required");
        }
        return request;
    }
}
