package dev.wagateway.callback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What one post did: delivered (any 2xx), the endpoint's status code (null when there was no answer), how long it
 * took, and why it failed (never the endpoint's answer: only its status, or what went wrong on the way).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallbackOutcome(boolean delivered, Integer statusCode, long durationMs, String error) {
}
