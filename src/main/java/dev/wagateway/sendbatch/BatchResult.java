package dev.wagateway.sendbatch;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wagateway.api.Envelope;

/**
 * The answer of {@code POST /messages/batch}: how many items became queued messages, how many were refused, and
 * each item's outcome in request order: the new message's id, or the error the single send would have answered.
 */
public record BatchResult(int accepted, int rejected, List<Item> results) {

    /** One item: {@code id} (stored) or {@code error} (refused), never both. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, UUID id, Envelope.Error error) {
    }
}
