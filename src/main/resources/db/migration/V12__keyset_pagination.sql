-- Issue 21, cursor pagination: each list pages newest first by the keyset (created_at, id), reading
-- WHERE … AND (created_at, id) < (cursor) ORDER BY created_at DESC, id DESC LIMIT n. With id in the index after
-- created_at, a page is a range of the index however deep it lies, and rows created meanwhile (or with the same
-- created_at) are neither skipped nor repeated.

-- GET /messages, and with ?status= (one status: its own range; a list: the first index, filtered). They replace
-- V1's indexes without id, which they cover.
DROP INDEX ix_messages_tenant_created;
CREATE INDEX ix_messages_tenant_created ON messages (tenant_id, created_at DESC, id DESC);
DROP INDEX ix_messages_tenant_status_created;
CREATE INDEX ix_messages_tenant_status_created ON messages (tenant_id, status, created_at DESC, id DESC);

-- GET /messages?contactId=: one contact's messages (a contact is one tenant's), without reading the tenant's others.
CREATE INDEX ix_messages_contact_created ON messages (contact_id, created_at DESC, id DESC);

-- GET /contacts: the tenant's contacts, newest first (?phone= reads uq_contacts_tenant_phone).
CREATE INDEX ix_contacts_tenant_created ON contacts (tenant_id, created_at DESC, id DESC);
