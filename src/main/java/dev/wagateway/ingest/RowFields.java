package dev.wagateway.ingest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row as written in the file, before validation: the fields of {@code POST /messages/send}, with {@code phone}
 * (and an optional {@code name}) in place of {@code contactId} for a recipient that may not be a contact yet, and an
 * optional {@code clientReference} (JSON Lines; CSV column {@code client_reference}), and the other types' fields
 * ({@code media}, {@code caption}, {@code filename}, {@code location}, {@code interactive}; a CSV row's
 * {@code media_url} is {@code media.link}). {@code reaction} and {@code replyTo} are read only to refuse them. A
 * JSON Lines row is bound to
 * this record; a CSV row is mapped to it by its header. {@code sendAt} is read only to refuse it: a file's rows are
 * sent at once, never silently against a schedule the row asked for.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RowFields(String tenantId, String contactId, String phone, String name, String message, String type,
        @JsonAlias("client_reference") String clientReference, JsonNode sendAt, JsonNode media,
        @JsonAlias("media_url") String mediaUrl, String caption, String filename, JsonNode location,
        JsonNode interactive, JsonNode reaction, JsonNode replyTo) {

    public RowFields(String tenantId, String contactId, String phone, String name, String message, String type) {
        this(tenantId, contactId, phone, name, message, type, null, null);
    }

    public RowFields(String tenantId, String contactId, String phone, String name, String message, String type,
            String clientReference) {
        this(tenantId, contactId, phone, name, message, type, clientReference, null);
    }

    public RowFields(String tenantId, String contactId, String phone, String name, String message, String type,
            String clientReference, JsonNode sendAt) {
        this(tenantId, contactId, phone, name, message, type, clientReference, sendAt, null, null, null, null, null,
                null, null, null);
    }

    /** Without the message and phone: a row never reaches a log line whole. */
    @Override
    public String toString() {
        return "RowFields[tenantId=" + tenantId + ", contactId=" + contactId + ", type=" + type + "]";
    }
}
