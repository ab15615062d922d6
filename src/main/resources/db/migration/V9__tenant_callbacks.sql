-- Tenant callbacks: each tenant's endpoint, and every event for it as a durable delivery, written in the same
-- transaction as the change it reports (a status applied, an inbound stored, a message failed, a batch finished).

-- One endpoint per tenant. The signing secret is encrypted like tenants' WhatsApp tokens (TokenCipher); after a
-- rotation the previous one signs too, until previous_secret_until. consecutive_failures / paused_until: the
-- endpoint's circuit (that many failures in a row pause its deliveries; then one probe decides).
CREATE TABLE tenant_callbacks (
    tenant_id             uuid PRIMARY KEY REFERENCES tenants (id),
    url                   text        NOT NULL,
    events                text[]      NOT NULL,
    secret                bytea       NOT NULL,
    previous_secret       bytea,
    previous_secret_until timestamptz,
    consecutive_failures  integer     NOT NULL DEFAULT 0,
    paused_until          timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

-- One event for one tenant's endpoint. body: the exact JSON posted, the same on every attempt. message_id and
-- sequence: the message an event is about, and its place among that message's events (1, 2, 3...).
-- pending -> delivered | dead (not delivered by expires_at) | cancelled (the callback was removed); dead and
-- cancelled may be queued again (pending, a new expires_at). lease_owner / lease_until: the instance posting it.
CREATE TABLE callback_deliveries (
    id               uuid        PRIMARY KEY,
    event_id         uuid        NOT NULL,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    type             varchar(32) NOT NULL,
    message_id       uuid,
    sequence         integer,
    body             text        NOT NULL,
    status           varchar(16) NOT NULL DEFAULT 'pending',
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    last_status_code integer,
    last_error       text,
    lease_owner      varchar(255),
    lease_until      timestamptz,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    CONSTRAINT ck_callback_deliveries_status CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
    CONSTRAINT uq_callback_deliveries_message_sequence UNIQUE (message_id, sequence)
);
-- The claim: each tenant's due pending deliveries in order, and how many of them are leased (in flight).
CREATE INDEX ix_callback_deliveries_tenant_due ON callback_deliveries (tenant_id, next_attempt_at)
    WHERE status = 'pending';
-- In flight: leased deliveries, counted per tenant and per instance by every claim.
CREATE INDEX ix_callback_deliveries_leased ON callback_deliveries (tenant_id, lease_owner)
    WHERE status = 'pending' AND lease_owner IS NOT NULL;
-- GET /callbacks/deliveries: a tenant's deliveries, newest first, paged by (created_at, id).
CREATE INDEX ix_callback_deliveries_tenant_created ON callback_deliveries (tenant_id, created_at DESC, id DESC);
-- The dead deliveries' count (callback_deliveries_dead) without reading the delivered ones.
CREATE INDEX ix_callback_deliveries_dead ON callback_deliveries (created_at) WHERE status = 'dead';
