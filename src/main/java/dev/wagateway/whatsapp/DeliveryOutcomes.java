package dev.wagateway.whatsapp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.wagateway.callback.CallbackEvents;
import dev.wagateway.callback.EventType;
import dev.wagateway.message.Attempt;
import dev.wagateway.message.Message;
import dev.wagateway.message.MessageRepository;
import dev.wagateway.message.MessageStatus;
import dev.wagateway.redelivery.RedeliverySettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records what a call to WhatsApp (or the decision not to call) did to the message, each in a short transaction. */
@Component("deliveryOutcomes")
public class DeliveryOutcomes {

    public static final String MAX_ATTEMPTS_EXCEEDED = "MAX_ATTEMPTS_EXCEEDED";
    public static final String EXPIRED = "EXPIRED";

    private final MessageRepository messages;
    private final SentRecorder sentRecorder;
    private final RetryBackoff backoff;
    private final RedeliverySettings settings;
    private final CallbackEvents callbackEvents;
    private final SendMetrics metrics;
    private final Clock clock;

    public DeliveryOutcomes(MessageRepository messages, SentRecorder sentRecorder, RetryBackoff backoff,
            RedeliverySettings settings, CallbackEvents callbackEvents, SendMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.callbackEvents = callbackEvents;
        this.messages = messages;
        this.sentRecorder = sentRecorder;
        this.backoff = backoff;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * 2xx: {@code sent}, with WhatsApp's id (also in {@code metadata}), the attempt counted, the lease released — one
     * statement without loading the entity, shared with the other acceptances recorded at the same moment
     * ({@link SentRecorder}): this is the hot path of every delivery.
     */
    public Attempt sent(UUID messageId, GraphSendResponse response) {
        String wamid = response.wamid();
        Instant at = clock.instant();
        sentRecorder.record(messageId, wamid, at);
        metrics.sent();
        return Attempt.sent(wamid, at);
    }

    /**
     * Recording the outcome failed (the database is out of reach, say): what the caller can still be told. WhatsApp
     * accepted it ({@code accepted} set): sent, recorded later; else: as stored.
     */
    public Attempt unrecorded(GraphSendResponse accepted) {
        return Optional.ofNullable(accepted).flatMap(GraphSendResponse::messageId)
                .map(wamid -> Attempt.sent(wamid, clock.instant())).orElseGet(Attempt::unrecorded);
    }

    /**
     * Any failure, as {@link GraphErrorClassifier} classified it. A transient one is retried after the backoff until
     * the message has used its {@code redelivery.max-attempts}; a configuration one costs no attempt; a deferred one
     * (our own limiter) neither, and is due again when its turn comes; a refused one (the contact opted out, no call
     * made) is failed without counting one.
     */
    @Transactional
    public Message failed(UUID messageId, DeliveryFailure failure) {
        Message message = messages.findById(messageId).orElseThrow();
        if (message.getStatus() == MessageStatus.CANCELLED) {
            return message; // terminal: never queued again
        }
        Instant now = clock.instant();
        switch (failure.category()) {
            case TRANSIENT -> {
                int attempts = message.getAttempts() + 1;
                if (attempts >= settings.maxAttempts()) {
                    message.markFailed(MAX_ATTEMPTS_EXCEEDED, "Gave up after " + attempts + " attempts; last error "
                            + failure.code() + ": " + failure.message(), true, now);
                } else {
                    message.requeue(failure.code(), failure.message(), true, now.plus(backoff.after(attempts)), now);
                }
            }
            case CONFIGURATION -> message.requeue(failure.code(), failure.message(), false,
                    now.plus(backoff.backoffBase()), now);
            case PERMANENT -> message.markFailed(failure.code(), failure.message(), true, now);
            case REFUSED -> message.markFailed(failure.code(), failure.message(), false, now);
            case DEFERRED -> message.requeue(failure.code(), failure.message(), false,
                    now.plus(failure.retryAfter() == null ? Duration.ZERO : failure.retryAfter()), now);
        }
        if (failure.category() != FailureCategory.DEFERRED) { // no attempt: ThrottleMetrics counts deferrals
            metrics.attempted(message.getStatus() == MessageStatus.FAILED, message.getLastErrorCode());
        }
        failedEvent(message);
        return message;
    }

    /** Past its expiry: failed without calling WhatsApp (a one-time code a day late is worse than none). */
    @Transactional
    public Message expired(UUID messageId) {
        Message message = messages.findById(messageId).orElseThrow();
        if (message.getStatus() == MessageStatus.CANCELLED) {
            return message; // terminal: stays cancelled
        }
        message.markFailed(EXPIRED, "Not sent within " + settings.messageTtl() + " of being queued (expired at "
                + message.getExpiresAt() + ")", false, clock.instant());
        metrics.attempted(true, EXPIRED);
        failedEvent(message);
        return message;
    }

    /** A message that failed here: message.failed for its tenant's endpoint, in this transaction. */
    private void failedEvent(Message message) {
        if (message.getStatus() == MessageStatus.FAILED) {
            callbackEvents.messageChanged(message, EventType.MESSAGE_FAILED);
        }
    }
}
