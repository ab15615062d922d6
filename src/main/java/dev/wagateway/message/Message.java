package dev.wagateway.message;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One WhatsApp message. It is stored {@code queued} before any call to WhatsApp. The methods below are the status
 * changes made through JPA (a failed attempt, expiry, a retry, a webhook's status); the others are SQL that does not
 * load the entity: the redelivery claim ({@code sending}) and lease releases ({@code queued}) in redelivery.camel.yaml
 * and {@code OwnLeases}, {@code sent} in {@code SentRecorder}, {@code cancelled} in {@code MessageCancels}, and the inserts of {@code ChunkWriter} ({@code queued})
 * and {@code InboundMessages} ({@code received}). docs/delivery-and-redelivery.md lists them all.
 */
@Entity
@Table(name = "messages")
public class Message {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;

    @Column(name = "contact_id", nullable = false)
    private UUID contactId;

    @Column(nullable = false, length = 20)
    private String type;

    @Column(nullable = false)
    private String content;

    @Column(nullable = false, length = 20)
    private MessageStatus status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "last_error_code", length = 64)
    private String lastErrorCode;

    @Column(name = "last_error_message")
    private String lastErrorMessage;

    @Column(name = "external_message_id")
    private String externalMessageId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private Map<String, Object> metadata = new HashMap<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "read_at")
    private Instant readAt;

    @Column(name = "failed_at")
    private Instant failedAt;

    /**
     * Who may send the message until when: set by the redelivery claim (SQL, {@code sending}) or for the immediate
     * attempt of a send ({@link #leaseForImmediateAttempt}, still {@code queued}); every outcome clears it.
     */
    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "lease_owner", length = 200)
    private String leaseOwner;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    /** The integrator's own id for the message (an order, a ticket): at most 128 characters, or null. */
    @Column(name = "client_reference", length = 128)
    private String clientReference;

    /** A scheduled send's {@code sendAt} (null: sent at once); due then, and its TTL counts from it. */
    @Column(name = "scheduled_at")
    private Instant scheduledAt;

    /** Our id of the message this one replies to (a send's {@code replyTo}), or null. */
    @Column(name = "reply_to")
    private UUID replyTo;

    /** The WhatsApp id of that message, sent as {@code context.message_id} on every attempt; null without a reply. */
    @Column(name = "context_message_id")
    private String contextMessageId;

    protected Message() {
    }

    /**
     * A new message, {@code queued}: due at {@code dueAt} (null: at once), and failed as {@code EXPIRED} if still
     * not sent at {@code expiresAt}; with the caller's {@code clientReference} and the {@code scheduledAt} of a
     * scheduled send (both may be null).
     */
    public static Message queued(UUID tenantId, UUID conversationId, UUID contactId, String type, String content,
            String clientReference, Instant scheduledAt, Instant now, Instant dueAt, Instant expiresAt) {
        Message message = new Message();
        message.id = UUID.randomUUID();
        message.tenantId = tenantId;
        message.conversationId = conversationId;
        message.contactId = contactId;
        message.type = type;
        message.content = content;
        message.status = MessageStatus.QUEUED;
        message.createdAt = now;
        message.updatedAt = now;
        message.nextAttemptAt = dueAt;
        message.expiresAt = expiresAt;
        message.clientReference = clientReference;
        message.scheduledAt = scheduledAt;
        return message;
    }

    /** The message replies to {@code replyTo} (our id), whose WhatsApp id is {@code contextMessageId}. */
    public void replyTo(UUID replyTo, String contextMessageId) {
        this.replyTo = replyTo;
        this.contextMessageId = contextMessageId;
    }

    /**
     * The send route calls WhatsApp right after the commit: the message stays {@code queued} but is leased to this
     * instance until {@code until}, and due only then, so redelivery never sends it at the same time. Every outcome of
     * that call releases the lease; a queued message still holding one was being sent when its instance died, and
     * redelivery marks it a possible duplicate when it sends it again.
     */
    public void leaseForImmediateAttempt(String instanceId, Instant until) {
        leaseOwner = instanceId;
        leaseUntil = until;
        nextAttemptAt = until;
    }

    /** A failure worth trying again later; {@code counted} is false when the fault was ours, not the message's. */
    public void requeue(String errorCode, String errorMessage, boolean counted, Instant nextAttempt, Instant now) {
        status = MessageStatus.QUEUED;
        if (counted) {
            attempts++;
        }
        lastErrorCode = errorCode;
        lastErrorMessage = errorMessage;
        nextAttemptAt = nextAttempt;
        updatedAt = now;
        releaseLease();
    }

    /** A failure that no retry can mend; {@code counted} is false when WhatsApp was not called. */
    public void markFailed(String errorCode, String errorMessage, boolean counted, Instant now) {
        status = MessageStatus.FAILED;
        if (counted) {
            attempts++;
        }
        lastErrorCode = errorCode;
        lastErrorMessage = errorMessage;
        nextAttemptAt = null;
        failedAt = now;
        updatedAt = now;
        releaseLease();
    }

    /**
     * {@code POST /messages/{id}/retry}: queued again, due at once, with a fresh attempt budget and expiry. The
     * previous error stays visible until the next attempt replaces it.
     */
    public void retry(Instant expiry, Instant now) {
        status = MessageStatus.QUEUED;
        attempts = 0;
        nextAttemptAt = null;
        failedAt = null;
        expiresAt = expiry;
        updatedAt = now;
        releaseLease();
    }

    /**
     * A status WhatsApp reported by webhook, as of {@code at}: forward only ({@code sent → delivered → read}, and
     * {@code read} with no {@code delivered}); {@code failed} only from {@code queued}, {@code sending} or
     * {@code sent}. Anything else (a late {@code delivered} after {@code read}, a repeat) changes nothing.
     *
     * @return whether the message changed
     */
    public boolean applyReported(MessageStatus reported, String errorCode, String errorMessage, Instant at,
            Instant now) {
        switch (reported) {
            case DELIVERED -> {
                if (status != MessageStatus.SENT) {
                    return false;
                }
                deliveredAt = at;
            }
            case READ -> {
                if (status != MessageStatus.SENT && status != MessageStatus.DELIVERED) {
                    return false;
                }
                readAt = at;
            }
            case FAILED -> {
                if (status != MessageStatus.QUEUED && status != MessageStatus.SENDING && status != MessageStatus.SENT) {
                    return false;
                }
                failedAt = at;
                lastErrorCode = errorCode;
                lastErrorMessage = errorMessage;
                nextAttemptAt = null;
                releaseLease();
            }
            default -> {
                return false; // `sent` is known from the send's own answer
            }
        }
        status = reported;
        updatedAt = now;
        return true;
    }

    private void releaseLease() {
        leaseUntil = null;
        leaseOwner = null;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public UUID getConversationId() {
        return conversationId;
    }

    public UUID getContactId() {
        return contactId;
    }

    public String getType() {
        return type;
    }

    public String getContent() {
        return content;
    }

    public MessageStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public String getLastErrorCode() {
        return lastErrorCode;
    }

    public String getLastErrorMessage() {
        return lastErrorMessage;
    }

    public String getExternalMessageId() {
        return externalMessageId;
    }

    public Map<String, Object> getMetadata() {
        return metadata;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }

    public Instant getReadAt() {
        return readAt;
    }

    public Instant getFailedAt() {
        return failedAt;
    }

    public String getLeaseOwner() {
        return leaseOwner;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public String getClientReference() {
        return clientReference;
    }

    public Instant getScheduledAt() {
        return scheduledAt;
    }

    public UUID getReplyTo() {
        return replyTo;
    }

    public String getContextMessageId() {
        return contextMessageId;
    }
}
