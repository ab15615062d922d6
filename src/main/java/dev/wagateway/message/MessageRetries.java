package dev.wagateway.message;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.redelivery.RedeliverySettings;
import dev.wagateway.tenant.Caller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** {@code POST /messages/{id}/retry}: a failed or queued message is queued again, due at the next poll. */
@Component("messageRetries")
public class MessageRetries {

    private final MessageRepository messages;
    private final RedeliverySettings settings;
    private final Clock clock;

    public MessageRetries(MessageRepository messages, RedeliverySettings settings, Clock clock) {
        this.messages = messages;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * 404 MESSAGE_NOT_FOUND (also for another tenant's message); 409 INVALID_STATE for a message WhatsApp has (sent, delivered, read) or one being sent
     * right now. The row is locked while it changes, so a poll cannot claim it half-way.
     */
    @Transactional
    public MessageDetailView retry(Caller caller, String id) {
        UUID tenant = caller.tenant();
        UUID messageId = Requests.uuid(id, "id");
        Message message = messages.findByIdForUpdate(messageId).filter(m -> m.getTenantId().equals(tenant))
                .orElseThrow(() -> MessageQueries.notFound(messageId));
        MessageStatus status = message.getStatus();
        if (status != MessageStatus.FAILED && status != MessageStatus.QUEUED) {
            throw new ApiException(ErrorCode.INVALID_STATE, "Message " + messageId + " is " + status.value()
                    + "; only a failed or queued message can be retried");
        }
        if (message.getLeaseOwner() != null) {
            // queued but leased: the immediate attempt of its POST /messages/send is under way
            throw new ApiException(ErrorCode.INVALID_STATE, "Message " + messageId
                    + " is being sent right now; retry it once that attempt has ended");
        }
        Instant now = clock.instant();
        message.retry(now.plus(settings.messageTtl()), now);
        return MessageDetailView.of(message);
    }
}
