package dev.wagateway.redelivery;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Puts messages in the state a test starts from, as rows, the way a crashed instance, a file drop or hours of
 * failures would have left them. Only the starting state is written here; the service does everything after.
 */
public final class Backlog {

    private final JdbcTemplate jdbc;
    private final String tenantId;
    private final String contactId;
    private final String conversationId;

    public Backlog(JdbcTemplate jdbc, String tenantId, String contactId) {
        this.jdbc = jdbc;
        this.tenantId = tenantId;
        this.contactId = contactId;
        this.conversationId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO conversations (id, tenant_id, contact_id, created_at) VALUES (?::uuid, ?::uuid, ?::uuid,"
                + " now()) ON CONFLICT (tenant_id, contact_id) DO NOTHING", conversationId, tenantId, contactId);
    }

    /** A queued message, due now, with {@code attempts} counted attempts behind it. */
    public String queued(String content, int attempts) {
        return insert(content, "queued", attempts, "NULL", "NULL", "NULL", "now() + interval '1 day'");
    }

    /** A message in {@code status} that no poll will take within the test (not due for an hour). */
    String parked(String content, String status, int attempts) {
        return insert(content, status, attempts, "NULL", "NULL", "now() + interval '1 hour'", "now() + interval '1 day'");
    }

    /** A queued message, due now, whose expiry has passed. */
    public String expired(String content) {
        return insert(content, "queued", 0, "NULL", "NULL", "NULL", "now() - interval '1 second'");
    }

    /** A queued message in the immediate attempt of its send: leased to {@code owner} for a minute. */
    public String queuedLeased(String content, String owner) {
        return insert(content, "queued", 0, "'" + owner + "'", "now() + interval '1 minute'",
                "now() + interval '1 minute'", "now() + interval '1 day'");
    }

    /** A message claimed by redelivery ({@code sending}), leased to {@code owner} for a minute. */
    public String sending(String content, String owner) {
        return leftSending(content, owner, "now() + interval '1 minute'");
    }

    /** A message an instance claimed and then left `sending` (it died, or stopped). */
    String leftSending(String content, String owner, String leaseUntil) {
        return insert(content, "sending", 0, "'" + owner + "'", leaseUntil, "NULL", "now() + interval '1 day'");
    }

    /** {@code count} queued messages, due now, with the contents {@code prefix-0} … {@code prefix-(count-1)}. */
    void queuedMany(String prefix, int count) {
        jdbc.update("INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, created_at,"
                + " updated_at, expires_at) SELECT gen_random_uuid(), ?::uuid, c.id, c.contact_id, 'text', ? || '-' || n,"
                + " 'queued', now(), now(), now() + interval '1 day' FROM generate_series(0, ? - 1) n,"
                + " conversations c WHERE c.tenant_id = ?::uuid AND c.contact_id = ?::uuid",
                tenantId, prefix, count, tenantId, contactId);
    }

    private String insert(String content, String status, int attempts, String owner, String leaseUntil,
            String nextAttemptAt, String expiresAt) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, attempts,"
                + " lease_owner, lease_until, next_attempt_at, created_at, updated_at, expires_at) SELECT ?::uuid,"
                + " ?::uuid, c.id, c.contact_id, 'text', ?, ?, ?, " + owner + ", " + leaseUntil + ", " + nextAttemptAt
                + ", now(), now(), " + expiresAt
                + " FROM conversations c WHERE c.tenant_id = ?::uuid AND c.contact_id = ?::uuid",
                id, tenantId, content, status, attempts, tenantId, contactId);
        return id;
    }
}
