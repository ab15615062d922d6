package dev.wagateway.idempotency;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An earlier request's key, found by a repeat of that request: what it created ({@code resourceId}: the message, the
 * contact) and, for a call whose answer cannot be read again, the answer it gave ({@code response}; else null).
 */
public record StoredKey(String operation, UUID resourceId, JsonNode response) {
}
