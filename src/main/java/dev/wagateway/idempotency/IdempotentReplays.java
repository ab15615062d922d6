package dev.wagateway.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.contact.ContactRepository;
import dev.wagateway.contact.ContactView;
import dev.wagateway.message.MessageRepository;
import dev.wagateway.message.MessageView;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The answer to a repeated request ({@code Idempotent-Replayed: true}): what the first request created, as it stands
 * now, in the shape the first answer had. Read, never changed.
 */
@Component("idempotentReplays")
public class IdempotentReplays {

    private final MessageRepository messages;
    private final ContactRepository contacts;

    public IdempotentReplays(MessageRepository messages, ContactRepository contacts) {
        this.messages = messages;
        this.contacts = contacts;
    }

    /** {@code POST /messages/send}: the message, with its current status (the first request's attempt done or not). */
    @Transactional(readOnly = true)
    public MessageView message(StoredKey key) {
        return messages.findById(key.resourceId()).map(MessageView::of).orElseThrow(() -> gone(key));
    }

    /** {@code POST /contacts}: the contact. */
    @Transactional(readOnly = true)
    public ContactView contact(StoredKey key) {
        return contacts.findById(key.resourceId()).map(ContactView::of).orElseThrow(() -> gone(key));
    }

    /** A call that kept its answer with the key (a batch's results): that answer. */
    public JsonNode stored(StoredKey key) {
        if (key.response() == null) {
            throw gone(key);
        }
        return key.response();
    }

    /** What the key's request created is not there any more: nothing in the API deletes it, so never expected. */
    private static IllegalStateException gone(StoredKey key) {
        return new IllegalStateException("the " + key.operation() + " of an idempotency key is not stored");
    }
}
