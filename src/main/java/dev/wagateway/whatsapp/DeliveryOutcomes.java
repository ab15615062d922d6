package dev.wagateway.whatsapp;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.wagateway.message.Message;
import dev.wagateway.message.MessageRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records what a call to WhatsApp did to the message, each outcome in its own short transaction. */
@Component("deliveryOutcomes")
public class DeliveryOutcomes {

    private final MessageRepository messages;
    private final RetryBackoff backoff;
    private final Clock clock;

    public DeliveryOutcomes(MessageRepository messages, RetryBackoff backoff, Clock clock) {
        this.messages = messages;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** 2xx: {@code sent}, with WhatsApp's id. */
    @Transactional
    public Message sent(UUID messageId, GraphSendResponse response) {
        Message message = messages.findById(messageId).orElseThrow();
        message.markSent(response.wamid(), clock.instant());
        return message;
    }

    /** Any failure, as {@link GraphErrorClassifier} classified it. */
    @Transactional
    public Message failed(UUID messageId, DeliveryFailure failure) {
        Message message = messages.findById(messageId).orElseThrow();
        Instant now = clock.instant();
        switch (failure.category()) {
            case TRANSIENT -> message.requeue(failure.code(), failure.message(), true,
                    now.plus(backoff.after(message.getAttempts() + 1)), now);
            case CONFIGURATION -> message.requeue(failure.code(), failure.message(), false,
                    now.plus(backoff.backoffBase()), now);
            case PERMANENT -> message.markFailed(failure.code(), failure.message(), now);
        }
        return message;
    }
}
