-- Core schema: tenants own contacts; a conversation is the pair (tenant, contact); messages belong to a conversation.

CREATE TABLE tenants (
    id         uuid PRIMARY KEY,
    name       varchar(200) NOT NULL,
    created_at timestamptz  NOT NULL
);

CREATE TABLE contacts (
    id         uuid PRIMARY KEY,
    tenant_id  uuid         NOT NULL REFERENCES tenants (id),
    name       varchar(200) NOT NULL,
    phone      varchar(20)  NOT NULL, -- E.164, normalised by libphonenumber
    created_at timestamptz  NOT NULL,
    CONSTRAINT uq_contacts_tenant_phone UNIQUE (tenant_id, phone)
);

CREATE TABLE conversations (
    id              uuid PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    contact_id      uuid        NOT NULL REFERENCES contacts (id),
    last_message_at timestamptz,
    created_at      timestamptz NOT NULL,
    CONSTRAINT uq_conversations_tenant_contact UNIQUE (tenant_id, contact_id)
);

CREATE TABLE messages (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid        NOT NULL REFERENCES tenants (id),
    conversation_id     uuid        NOT NULL REFERENCES conversations (id),
    contact_id          uuid        NOT NULL REFERENCES contacts (id),
    type                varchar(20) NOT NULL,
    content             text        NOT NULL,
    status              varchar(20) NOT NULL,
    attempts            integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz,
    last_error_code     varchar(64),
    last_error_message  text,
    external_message_id varchar(255),
    metadata            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    sent_at             timestamptz,
    delivered_at        timestamptz,
    read_at             timestamptz,
    failed_at           timestamptz,
    CONSTRAINT ck_messages_status CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed'))
);

-- GET /messages?tenantId=&status=: newest first, with or without a status filter.
CREATE INDEX ix_messages_tenant_created ON messages (tenant_id, created_at DESC);
CREATE INDEX ix_messages_tenant_status_created ON messages (tenant_id, status, created_at DESC);
-- Scanning due queued messages.
CREATE INDEX ix_messages_status_next_attempt ON messages (status, next_attempt_at);
-- The redelivery claim orders queued rows by due time: a partial index on exactly that sort key keeps the
-- claim an index scan however many sent rows pile up (see the PostgreSQL notes: 15x over the plain index).
CREATE INDEX ix_messages_queued_due ON messages (next_attempt_at NULLS FIRST, created_at) WHERE status = 'queued';
-- Delivery status webhooks find a message by WhatsApp's id. Not unique on purpose: a duplicate id from Meta (or a
-- sandbox) must never make recording a successful send fail, which would leave the message queued and send it twice.
CREATE INDEX ix_messages_external_id ON messages (external_message_id) WHERE external_message_id IS NOT NULL;
