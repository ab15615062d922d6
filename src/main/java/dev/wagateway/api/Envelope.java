package dev.wagateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of every answer: {@code {"success":true,"data":...}} or {@code {"success":false,"error":{code,message}}}. */
@JsonPropertyOrder({"success", "data", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(boolean success, Object data, Error error) {

    public record Error(String code, String message) {
    }

    public static Envelope ok(Object data) {
        return new Envelope(true, data, null);
    }

    public static Envelope error(ErrorCode code, String message) {
        return new Envelope(false, null, new Error(code.name(), message));
    }
}
