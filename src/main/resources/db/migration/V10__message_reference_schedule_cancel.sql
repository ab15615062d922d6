-- Issue 21, the send API for integrators.
-- client_reference: the integrator's own id for a message (an order, a ticket), at most 128 characters; shown as
-- client_reference and a filter of GET /messages (per tenant, so indexed with it; most messages have none).
ALTER TABLE messages ADD COLUMN client_reference varchar(128);
CREATE INDEX ix_messages_tenant_client_reference ON messages (tenant_id, client_reference, created_at DESC)
    WHERE client_reference IS NOT NULL;

-- scheduled_at: the sendAt of a scheduled send (null: sent at once); the message is queued with next_attempt_at
-- at that time, and its TTL counts from it.
ALTER TABLE messages ADD COLUMN scheduled_at timestamptz;

-- cancelled: a queued message cancelled before any instance sent it (POST /messages/{id}/cancel), terminal.
ALTER TABLE messages DROP CONSTRAINT ck_messages_status;
ALTER TABLE messages ADD CONSTRAINT ck_messages_status
    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'received', 'cancelled'));
