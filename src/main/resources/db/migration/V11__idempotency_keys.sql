-- Issue 21, the Idempotency-Key header of POST /messages/send and POST /contacts (and later POST /messages/batch).
-- One row per (tenant, key), written in the same transaction as what the request created, so a key exists exactly
-- when its request's effects do. operation: the call the key was used for (send, createContact, ...); fingerprint:
-- SHA-256 of the request body as parsed (canonical JSON), to tell a repeat from another request under the same key.
-- resource_id: what the request created (the message, the contact), read again when the request is replayed;
-- response: an answer kept as it was given, for a call whose answer cannot be read again (a batch's results).
-- expires_at: created_at + IDEMPOTENCY_TTL; the idempotency-purge route deletes the rows past it.
CREATE TABLE idempotency_keys (
    tenant_id       uuid         NOT NULL REFERENCES tenants (id),
    idempotency_key varchar(255) NOT NULL,
    operation       varchar(64)  NOT NULL,
    fingerprint     bytea        NOT NULL,
    resource_id     uuid,
    response        jsonb,
    created_at      timestamptz  NOT NULL,
    expires_at      timestamptz  NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (tenant_id, idempotency_key)
);

-- The purge deletes by expiry.
CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
