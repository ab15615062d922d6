package dev.wagateway.sendbatch;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.ApiException;
import dev.wagateway.message.SendRequests;
import dev.wagateway.message.SendRequests.SendMessageRequest;
import dev.wagateway.message.SendSettings;
import dev.wagateway.tenant.Caller;
import org.springframework.stereotype.Component;

/**
 * The body of {@code POST /messages/batch}, {@code {"messages": [...]}}: its shape checked as a whole (400), then
 * each item validated as a single send's body ({@link SendRequests#validate}), an invalid item refused alone.
 */
@Component("batchRequests")
public class BatchRequests {

    private final SendRequests sendRequests;
    private final SendSettings settings;
    private final ObjectMapper json;

    public BatchRequests(SendRequests sendRequests, SendSettings settings, ObjectMapper json) {
        this.sendRequests = sendRequests;
        this.settings = settings;
        this.json = json;
    }

    /**
     * The items: VALIDATION_ERROR unless the body is an object whose {@code messages} is an array of 1 to
     * BATCH_MAX_MESSAGES elements.
     */
    public List<JsonNode> items(JsonNode body) {
        JsonNode messages = body == null || !body.isObject() ? null : body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw ApiException.validation("the body must be an object with a messages array");
        }
        if (messages.isEmpty() || messages.size() > settings.batchMaxMessages()) {
            throw ApiException.validation("messages must hold 1 to " + settings.batchMaxMessages() + " items");
        }
        List<JsonNode> items = new ArrayList<>(messages.size());
        messages.forEach(items::add);
        return items;
    }

    /**
     * Each item as the single send validates its body, with its codes (VALIDATION_ERROR, EMPTY_MESSAGE,
     * MESSAGE_TOO_LONG, INVALID_PHONE_NUMBER; FORBIDDEN for a tenantId not the key's), every type; the messages a
     * {@code replyTo} or a reaction names are looked up when the items are stored ({@code BatchMessages}). The operator key is refused (403) as a whole.
     */
    public BatchIntake validate(Caller caller, List<JsonNode> items) {
        caller.tenant();
        List<BatchIntake.Item> checked = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            try {
                checked.add(new BatchIntake.Item(index, sendRequests.validate(caller, request(items.get(index))), null));
            } catch (ApiException refused) {
                checked.add(new BatchIntake.Item(index, null, refused));
            }
        }
        return new BatchIntake(checked);
    }

    /** The item as the single send's body; VALIDATION_ERROR if it is not an object of that shape. */
    private SendMessageRequest request(JsonNode item) {
        if (!item.isObject()) {
            throw ApiException.validation("each of messages must be an object, as the body of POST /messages/send");
        }
        try {
            return json.treeToValue(item, SendMessageRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.validation("not a send request: a field has the wrong type");
        }
    }
}
