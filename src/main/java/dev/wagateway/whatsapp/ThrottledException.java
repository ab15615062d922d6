package dev.wagateway.whatsapp;

import java.time.Duration;

/** Our own limiter held a message back: it is put back in the queue, due after {@code retryAfter}, no attempt counted. */
public class ThrottledException extends RuntimeException {

    private final String code;
    private final Duration retryAfter;

    public ThrottledException(String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public String code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
