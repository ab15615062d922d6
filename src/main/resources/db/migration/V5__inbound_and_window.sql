-- Inbound messages (what customers write, from the webhook) and the 24-hour customer-service window.

-- A message is outbound (we send it) or inbound (a customer sent it: status `received`).
ALTER TABLE messages ADD COLUMN direction varchar(10) NOT NULL DEFAULT 'outbound';
ALTER TABLE messages ADD CONSTRAINT ck_messages_direction CHECK (direction IN ('outbound', 'inbound'));
ALTER TABLE messages DROP CONSTRAINT ck_messages_status;
ALTER TABLE messages ADD CONSTRAINT ck_messages_status
    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'received'));
-- Meta may deliver the same inbound message twice: its WhatsApp id is stored once.
CREATE UNIQUE INDEX uq_messages_inbound_external_id ON messages (external_message_id) WHERE direction = 'inbound';

-- When the contact last wrote in this conversation: a free-form (text) message may be sent for 24 hours after it.
ALTER TABLE conversations ADD COLUMN last_inbound_at timestamptz;
