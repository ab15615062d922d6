package dev.wagateway.api;

import java.util.List;

import dev.wagateway.contact.ContactView;
import dev.wagateway.ingest.BatchView;
import dev.wagateway.message.MessageDetailView;
import dev.wagateway.message.MessageView;
import dev.wagateway.tenant.ApiKeys;
import dev.wagateway.tenant.TenantView;
import dev.wagateway.webhook.MessageEvents;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answers of the REST API as the OpenAPI document ({@code /api-doc}) shows them: each success type inside its
 * envelope {@code {success: true, data}}, and the error envelope. Documentation only: the routes answer with
 * {@link Envelope}; the REST DSL names these as {@code responseModel}s.
 */
public final class ApiDocs {

    private ApiDocs() {
    }

    @Schema(name = "ErrorAnswer", description = "Every error: the code names what went wrong (see the README's table)",
            example = "{\"success\":false,\"error\":{\"code\":\"CONTACT_NOT_FOUND\",\"message\":\"Contact not found\"}}")
    public record ErrorAnswer(@Schema(example = "false") boolean success, Envelope.Error error) {
    }

    @Schema(name = "TenantAnswer")
    public record TenantAnswer(boolean success, TenantView data) {
    }

    @Schema(name = "ApiKeyAnswer")
    public record ApiKeyAnswer(boolean success, ApiKeys.KeyView data) {
    }

    @Schema(name = "ApiKeyListAnswer")
    public record ApiKeyListAnswer(boolean success, List<ApiKeys.KeyView> data) {
    }

    @Schema(name = "ContactAnswer")
    public record ContactAnswer(boolean success, ContactView data) {
    }

    @Schema(name = "MessageAnswer")
    public record MessageAnswer(boolean success, MessageView data) {
    }

    @Schema(name = "MessageDetailAnswer")
    public record MessageDetailAnswer(boolean success, MessageDetailView data) {
    }

    @Schema(name = "MessageListAnswer")
    public record MessageListAnswer(boolean success, List<MessageView> data) {
    }

    @Schema(name = "MessageEventListAnswer")
    public record MessageEventListAnswer(boolean success, List<MessageEvents.EventView> data) {
    }

    @Schema(name = "BatchAnswer")
    public record BatchAnswer(boolean success, BatchView data) {
    }

    @Schema(name = "BatchListAnswer")
    public record BatchListAnswer(boolean success, List<BatchView> data) {
    }

    @Schema(name = "WebhookAnswer", description = "What Meta receives: the event is stored and processed afterwards")
    public record WebhookAnswer(boolean success, Receipt data) {

        /** The id of the stored event. */
        public record Receipt(@JsonProperty("event_id") long eventId) {
        }
    }
}
