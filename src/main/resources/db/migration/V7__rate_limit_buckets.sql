-- The rate limits' token buckets, shared by every instance on this database (Bucket4j's PostgreSQL proxy,
-- SharedTokenBuckets): a phone number's WhatsApp rate ("whatsapp:<phone number id>:<limit>") and a tenant's intake
-- rate ("tenant:<tenant id>:<limit>"). A row is the bucket's serialized state, locked (FOR UPDATE) while a token is taken.
CREATE TABLE rate_limit_buckets (
    id    varchar(200) PRIMARY KEY,
    state bytea
);
