package dev.wagateway.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A business that sends messages through the gateway. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The tenant's own WhatsApp sender, or null: the global one (WHATSAPP_PHONE_NUMBER_ID) is used. */
    @Column(name = "whatsapp_phone_number_id", length = 32)
    private String whatsappPhoneNumberId;

    /** Its access token, AES-GCM encrypted (TokenCipher); never leaves the gateway in clear except to Meta. */
    @Column(name = "whatsapp_token_encrypted")
    private byte[] whatsappTokenEncrypted;

    @Column(name = "whatsapp_updated_at")
    private Instant whatsappUpdatedAt;

    protected Tenant() {
    }

    public Tenant(String name, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getWhatsappPhoneNumberId() {
        return whatsappPhoneNumberId;
    }

    public byte[] getWhatsappTokenEncrypted() {
        return whatsappTokenEncrypted;
    }

    public Instant getWhatsappUpdatedAt() {
        return whatsappUpdatedAt;
    }

    /** Sets (or, with nulls, clears) the tenant's own sender. */
    public void useWhatsApp(String phoneNumberId, byte[] tokenEncrypted, Instant now) {
        this.whatsappPhoneNumberId = phoneNumberId;
        this.whatsappTokenEncrypted = tokenEncrypted;
        this.whatsappUpdatedAt = now;
    }

    @Override
    public String toString() {
        return "Tenant[" + id + "]";
    }
}
