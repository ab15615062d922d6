package dev.wagateway.contact;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A WhatsApp recipient of one tenant; the phone is E.164 and unique within the tenant. */
@Entity
@Table(name = "contacts")
public class Contact {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, length = 20)
    private String phone;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** When the contact opted out (OPT_OUT_KEYWORDS, or by hand); null: it may be written to. Changed by SQL only. */
    @Column(name = "opted_out_at", insertable = false, updatable = false)
    private Instant optedOutAt;

    protected Contact() {
    }

    public Contact(UUID tenantId, String name, String phone, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.name = name;
        this.phone = phone;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public String getPhone() {
        return phone;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getOptedOutAt() {
        return optedOutAt;
    }
}
