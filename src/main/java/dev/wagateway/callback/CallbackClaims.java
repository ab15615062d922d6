package dev.wagateway.callback;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which due deliveries this instance posts now, and the sweep of those past their age. One claim statement at a time
 * over all instances (a transaction-scoped advisory lock), so the caps hold exactly: this instance's free workers
 * (CALLBACK_CONCURRENCY less its deliveries in flight), each tenant's CALLBACK_CONCURRENCY_PER_TENANT less its
 * deliveries in flight anywhere, one probe for an endpoint whose circuit is past its pause, none while it is paused.
 * This instance's own cap is the caller's {@code limit}: its free workers ({@link CallbackWorkers}). A delivery whose
 * lease ran out (its instance died) is due again: claiming it is the sweep of expired leases.
 */
@Component("callbackClaims")
public class CallbackClaims {

    /** A constant key for pg_advisory_xact_lock: "callback-claim". */
    private static final long CLAIM_LOCK = 0x63616c6c6261636bL;

    /**
     * Each tenant's due deliveries up to its share less its posts in flight anywhere (counted per tenant by an index
     * scan, which also marks the entries of rows no longer pending as dead for the next claim), paused endpoints
     * skipped; the oldest due first, no more than asked.
     */
    private static final String CLAIM = """
            WITH picked AS (
                SELECT d.id, d.next_attempt_at FROM tenant_callbacks c
                CROSS JOIN LATERAL (
                    SELECT id, next_attempt_at FROM callback_deliveries d
                    WHERE d.tenant_id = c.tenant_id AND d.status = 'pending' AND d.next_attempt_at <= now()
                      AND (d.lease_until IS NULL OR d.lease_until <= now())
                    ORDER BY d.next_attempt_at
                    LIMIT greatest(0, CASE WHEN c.consecutive_failures >= ? THEN 1 ELSE ? END
                        - (SELECT count(*) FROM callback_deliveries b WHERE b.tenant_id = c.tenant_id
                           AND b.status = 'pending' AND b.lease_owner IS NOT NULL AND b.lease_until > now()))
                ) d
                WHERE c.paused_until IS NULL OR c.paused_until <= now()
                ORDER BY d.next_attempt_at
                LIMIT ?)
            UPDATE callback_deliveries d SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)
            FROM picked, tenant_callbacks c WHERE d.id = picked.id AND c.tenant_id = d.tenant_id
            RETURNING\s""" + CallbackPost.COLUMNS;

    private final JdbcTemplate jdbc;
    private final CallbackSettings settings;

    public CallbackClaims(JdbcTemplate jdbc, CallbackSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * At most {@code limit} (this instance's free workers) due deliveries, now leased to this instance
     * ({@code owner}), each with all its post needs: no worker reads the database before it posts.
     */
    @Transactional
    public List<CallbackPost> claim(String owner, int limit) {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, CLAIM_LOCK);
        return jdbc.query(CLAIM, CallbackPost::of, settings.pauseAfterFailures(), settings.concurrencyPerTenant(),
                limit, owner, settings.lease().toMillis() / 1000.0);
    }

    /**
     * At start-up: the deliveries this instance ({@code owner}) held when it last stopped (it died mid-post) are due
     * again at once, rather than when their leases run out; each may have reached its endpoint (at least once).
     */
    public int releaseOwn(String owner) {
        return jdbc.update("UPDATE callback_deliveries SET lease_owner = NULL, lease_until = NULL,"
                + " next_attempt_at = now() WHERE status = 'pending' AND lease_owner = ?", owner);
    }

    /** Pending deliveries past their age that no instance holds (a paused endpoint's, say) are dead. */
    public int sweepDead() {
        return jdbc.update("UPDATE callback_deliveries SET status = 'dead', lease_owner = NULL, lease_until = NULL,"
                + " last_error = coalesce(last_error, 'Not delivered within CALLBACK_MAX_AGE')"
                + " WHERE status = 'pending' AND expires_at <= now()"
                + " AND (lease_until IS NULL OR lease_until <= now())");
    }
}
