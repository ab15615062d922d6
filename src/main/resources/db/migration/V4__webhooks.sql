-- Delivery status webhooks: every signed request Meta sends is kept raw before anything else, then applied.

-- One row per accepted POST /webhooks/whatsapp, stored in its own transaction before the 200 answer; processed
-- asynchronously (received -> processed, or failed after several attempts; never deleted here).
CREATE TABLE webhook_events (
    id           bigserial PRIMARY KEY,
    received_at  timestamptz NOT NULL,
    body         bytea       NOT NULL,
    status       varchar(20) NOT NULL DEFAULT 'received',
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    processed_at timestamptz,
    CONSTRAINT ck_webhook_events_status CHECK (status IN ('received', 'processed', 'failed'))
);
-- The sweeper finds what is still to process.
CREATE INDEX ix_webhook_events_received ON webhook_events (id) WHERE status = 'received';

-- Every status WhatsApp reported for a message, once per status (a repeat is a no-op), in arrival order.
CREATE TABLE message_events (
    id               bigserial PRIMARY KEY,
    message_id       uuid        NOT NULL REFERENCES messages (id),
    status           varchar(20) NOT NULL,
    occurred_at      timestamptz NOT NULL,
    received_at      timestamptz NOT NULL,
    error_code       varchar(64),
    error_message    text,
    webhook_event_id bigint REFERENCES webhook_events (id),
    CONSTRAINT uq_message_events_status UNIQUE (message_id, status)
);

-- A status whose wamid matches no message yet (the send's answer may not be committed): kept, applied once the
-- message has that wamid, or given up after the retention period.
CREATE TABLE pending_statuses (
    external_message_id varchar(255) NOT NULL,
    status              varchar(20)  NOT NULL,
    occurred_at         timestamptz  NOT NULL,
    received_at         timestamptz  NOT NULL,
    error_code          varchar(64),
    error_message       text,
    webhook_event_id    bigint REFERENCES webhook_events (id),
    PRIMARY KEY (external_message_id, status)
);
