package dev.wagateway.sendbatch;

import java.util.List;

import dev.wagateway.api.ApiException;
import dev.wagateway.message.SendRequests.SendCommand;

/**
 * A batch's items after the single send's validation, in request order: each a {@link SendCommand} or the
 * {@link ApiException} the single send would have answered.
 */
public record BatchIntake(List<Item> items) {

    /** The item at {@code index}: {@code command} when valid, else {@code error}. */
    public record Item(int index, SendCommand command, ApiException error) {
    }

    /** How many items passed validation (each counts against the tenant's rate limit). */
    public int valid() {
        return (int) items.stream().filter(item -> item.command() != null).count();
    }

    @Override
    public String toString() { // never the items' content
        return "BatchIntake[" + items.size() + " items]";
    }
}
