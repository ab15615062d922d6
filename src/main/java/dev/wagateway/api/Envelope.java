package dev.wagateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of every answer: {@code {"success":true,"data":...}} or {@code {"success":false,"error":{code,message}}}. */
@JsonPropertyOrder({"success", "data", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(boolean success, Object data, Error error) {

    public record Error(String code, String message) {
    }

    /**
     * A page of a list: {@code {"success":true,"data":[...],"next_cursor":"…"}}; {@code next_cursor} is there as null
     * on the last page.
     */
    @JsonPropertyOrder({"success", "data", "next_cursor"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Paged(boolean success, Object data, @JsonProperty("next_cursor") String nextCursor) {
    }

    public static Envelope ok(Object data) {
        return new Envelope(true, data, null);
    }

    public static Paged page(Object data, String nextCursor) {
        return new Paged(true, data, nextCursor);
    }

    public static Envelope error(ErrorCode code, String message) {
        return new Envelope(false, null, new Error(code.name(), message));
    }
}
