-- Security and tenancy: API keys, per-tenant WhatsApp numbers, and which tenant a dropped file's batch belongs to.

-- A tenant's API keys. The key itself is shown once, when it is made, and never stored: only a SHA-256 of it with a
-- per-key salt. A key is looked up by its id (the key's first part), then its hash compared in constant time.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    salt       bytea       NOT NULL,
    hash       bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, created_at);

-- A tenant's own WhatsApp number (PUT /tenants/{id}/whatsapp), used instead of the global one. The access token is
-- AES-GCM encrypted with SECRETS_KEY (12-byte nonce + ciphertext + tag; the tenant id is the associated data).
-- A phone number id belongs to one tenant: webhooks are routed to the tenant by it.
ALTER TABLE tenants ADD COLUMN whatsapp_phone_number_id varchar(32);
ALTER TABLE tenants ADD COLUMN whatsapp_token_encrypted bytea;
ALTER TABLE tenants ADD COLUMN whatsapp_updated_at timestamptz;
ALTER TABLE tenants ADD CONSTRAINT uq_tenants_whatsapp_phone_number_id UNIQUE (whatsapp_phone_number_id);

-- The tenants whose rows a batch stored (one row per tenant, added as chunks commit). A batch whose rows all belong
-- to one tenant is that tenant's to read; a file mixing tenants is the operator's only.
CREATE TABLE batch_tenants (
    batch_id  uuid NOT NULL REFERENCES batches (id),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    PRIMARY KEY (batch_id, tenant_id)
);
CREATE INDEX ix_batch_tenants_tenant ON batch_tenants (tenant_id);
