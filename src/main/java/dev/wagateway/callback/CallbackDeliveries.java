package dev.wagateway.callback;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a post did to its delivery and to its endpoint's circuit (and the test ping's post). A failed attempt is due again after CALLBACK_BACKOFF_BASE × 2^(attempts - 1), capped at
 * CALLBACK_BACKOFF_MAX, jittered (each wait drawn between half and all of it, so failed deliveries do not return
 * together), and never later than its expiry; a failure at or past the expiry is {@code dead}.
 */
@Component("callbackDeliveries")
public class CallbackDeliveries {

    private final JdbcTemplate jdbc;
    private final TenantCallbacks callbacks;
    private final CallbackSettings settings;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public CallbackDeliveries(JdbcTemplate jdbc, PlatformTransactionManager transactions, TenantCallbacks callbacks,
            CallbackSettings settings, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.callbacks = callbacks;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The outcome of an attempt by {@code owner}, and the endpoint's circuit: closed by a success, counted else. The
     * usual case, a success at a healthy endpoint, is one statement; the others write the endpoint's row before the
     * delivery's, in one transaction, the order {@code DELETE .../callback} takes them in, so the two never wait for
     * each other.
     */
    public void record(CallbackPost post, CallbackOutcome outcome, String owner) {
        if (outcome.delivered() && !post.endpointFailing()) {
            delivered(post, outcome);
        } else {
            transaction.executeWithoutResult(status -> recordWithCircuit(post, outcome, owner));
        }
    }

    /**
     * Outcomes of several posts by {@code owner}, as the recording route gathers them: the successes at healthy
     * endpoints in one statement, each other one as {@link #record} does. A post whose outcome is lost here (the
     * instance dies first) keeps its lease and is posted again: at least once.
     */
    public void recordAll(List<Posted> posted, String owner) {
        List<Posted> healthy = posted.stream().filter(Posted::healthySuccess).toList();
        if (!healthy.isEmpty()) {
            jdbc.update("UPDATE callback_deliveries d SET status = 'delivered', attempts = attempts + 1,"
                    + " last_status_code = o.code, last_error = NULL, delivered_at = now(), lease_owner = NULL,"
                    + " lease_until = NULL FROM unnest(?::uuid[], ?::int[]) AS o(id, code)"
                    + " WHERE d.id = o.id AND d.status = 'pending'",
                    new SqlArrayValue("uuid", healthy.stream().map(p -> p.post().deliveryId()).toArray()),
                    new SqlArrayValue("int4", healthy.stream().map(p -> p.outcome().statusCode()).toArray()));
        }
        posted.stream().filter(p -> !p.healthySuccess()).forEach(p -> record(p.post(), p.outcome(), owner));
    }

    /** A claimed delivery and what its post did. */
    public record Posted(CallbackPost post, CallbackOutcome outcome) {

        boolean healthySuccess() {
            return outcome.delivered() && !post.endpointFailing();
        }
    }

    private void recordWithCircuit(CallbackPost post, CallbackOutcome outcome, String owner) {
        if (outcome.delivered()) {
            jdbc.update("UPDATE tenant_callbacks SET consecutive_failures = 0, paused_until = NULL"
                    + " WHERE tenant_id = ? AND consecutive_failures > 0", post.tenantId());
            delivered(post, outcome);
            return;
        }
        // a failure counts for the endpoint only while the delivery is still this instance's to record
        jdbc.update("UPDATE tenant_callbacks SET consecutive_failures = consecutive_failures + 1,"
                + " paused_until = CASE WHEN consecutive_failures + 1 >= ? THEN now() + make_interval(secs => ?)"
                + " ELSE paused_until END WHERE tenant_id = ? AND EXISTS (SELECT 1 FROM callback_deliveries"
                + " WHERE id = ? AND status = 'pending' AND lease_owner = ?)", settings.pauseAfterFailures(),
                seconds(settings.pause().toMillis()), post.tenantId(), post.deliveryId(), owner);
        jdbc.update("UPDATE callback_deliveries SET attempts = attempts + 1, last_status_code = ?,"
                + " last_error = ?, lease_owner = NULL, lease_until = NULL,"
                + " status = CASE WHEN now() >= expires_at THEN 'dead' ELSE 'pending' END,"
                + " next_attempt_at = least(expires_at, now() + make_interval(secs =>"
                + " least(?, ? * power(2, least(attempts, 30))) * (0.5 + random() / 2)))"
                + " WHERE id = ? AND status = 'pending' AND lease_owner = ?", outcome.statusCode(), outcome.error(),
                seconds(settings.backoffMax().toMillis()), seconds(settings.backoffBase().toMillis()),
                post.deliveryId(), owner);
    }

    private void delivered(CallbackPost post, CallbackOutcome outcome) {
        jdbc.update("UPDATE callback_deliveries SET status = 'delivered', attempts = attempts + 1,"
                + " last_status_code = ?, last_error = NULL, delivered_at = now(), lease_owner = NULL,"
                + " lease_until = NULL WHERE id = ? AND status = 'pending'", outcome.statusCode(), post.deliveryId());
    }

    /** {@code POST /tenants/{id}/callback/test}: a {@code ping} for the tenant's endpoint, posted now, not stored. */
    @Transactional(readOnly = true)
    public CallbackPost ping(Caller caller, String tenantId) {
        UUID tenant = callbacks.requireEndpoint(caller, tenantId);
        UUID eventId = UUID.randomUUID();
        String body = new CallbackEvents.EventBody(eventId, EventType.PING, clock.instant(), tenant, Map.of())
                .render(json);
        return jdbc.query("SELECT " + CallbackPost.COLUMNS + " FROM (SELECT NULL::uuid AS id, ?::uuid AS event_id,"
                + " ? AS type, ?::uuid AS tenant_id, ? AS body) d JOIN tenant_callbacks c ON c.tenant_id = d.tenant_id",
                CallbackPost::of, eventId, EventType.PING.wireName(), tenant, body).get(0);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

}
