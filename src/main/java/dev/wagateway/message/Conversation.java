package dev.wagateway.message;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The thread between a tenant and one contact: there is exactly one per pair. */
@Entity
@Table(name = "conversations")
public class Conversation {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "contact_id", nullable = false)
    private UUID contactId;

    @Column(name = "last_message_at")
    private Instant lastMessageAt;

    /** When the contact last wrote (inbound webhook): a text may be sent for 24 hours after it. */
    @Column(name = "last_inbound_at")
    private Instant lastInboundAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Conversation() {
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public UUID getContactId() {
        return contactId;
    }

    public Instant getLastMessageAt() {
        return lastMessageAt;
    }

    public Instant getLastInboundAt() {
        return lastInboundAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
