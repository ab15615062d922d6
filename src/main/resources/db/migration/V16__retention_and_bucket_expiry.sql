-- Issue 23: retention (the retention route, RetentionPurge) and expiring rate-limit buckets.

-- The purge of old final messages: each statement takes the oldest 1,000 of them. Through the tenants' indexes the
-- planner chose to scan messages whole (EXPLAIN, 300,000 rows: a seq scan each statement, reading further past the
-- rows already deleted every time). Only final messages are in it (a queued one enters when it is sent); the
-- predicate is the purge's, word for word.
CREATE INDEX ix_messages_final_created ON messages (created_at)
    WHERE status IN ('sent', 'delivered', 'read', 'failed', 'received', 'cancelled');

-- Callback deliveries about no message (a batch's event): the purge finds the old settled ones by this small index
-- (a message's deliveries go with the message; dead ones by ix_callback_deliveries_dead).
CREATE INDEX ix_callback_deliveries_no_message ON callback_deliveries (created_at) WHERE message_id IS NULL;

-- Processed webhook events, oldest first: the purge reads them by this index (an event enters it once processed).
CREATE INDEX ix_webhook_events_processed ON webhook_events (received_at) WHERE status = 'processed';

-- A processed webhook event is deleted after RETENTION_WEBHOOK_EVENTS while the statuses it carried stay in
-- message_events: their reference to it is set to null first. Without an index each deleted event would read the
-- whole of message_events (the foreign key's check, and that update); pending_statuses likewise (small, but
-- checked once per deleted event).
CREATE INDEX ix_message_events_webhook_event ON message_events (webhook_event_id) WHERE webhook_event_id IS NOT NULL;
CREATE INDEX ix_pending_statuses_webhook_event ON pending_statuses (webhook_event_id)
    WHERE webhook_event_id IS NOT NULL;

-- Bucket4j's expiration (SharedTokenBuckets): each take writes when the bucket may be forgotten (epoch
-- milliseconds, a day after its last use); the retention route deletes the rows past it, by this index.
ALTER TABLE rate_limit_buckets ADD COLUMN expires_at bigint;
-- Rows written before this column existed are given a day from now, so a bucket nobody uses any more goes too.
UPDATE rate_limit_buckets SET expires_at = (extract(epoch FROM now()) * 1000)::bigint + 86400000;
CREATE INDEX ix_rate_limit_buckets_expires ON rate_limit_buckets (expires_at);
