package dev.wagateway.callback;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import dev.wagateway.tenant.Tenants;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code /tenants/{id}/callback}: a tenant's endpoint for events (the operator or the tenant itself). The URL is
 * checked against {@link CallbackAddressPolicy} when it is set; the signing secret is made on the first PUT and
 * shown in that answer only, then again only when it is rotated.
 */
@Component("tenantCallbacks")
public class TenantCallbacks {

    /** {@code PUT} body; {@code events} absent or null: every type. */
    public record CallbackRequest(String url, List<String> events) {
    }

    /** The endpoint as shown; {@code signing_secret} only in the answer that creates it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CallbackView(String url, List<String> events, Instant createdAt, Instant updatedAt,
            boolean secretSet, @JsonInclude(JsonInclude.Include.NON_NULL) String signingSecret) {
    }

    /** {@code POST .../callback/secret}: the new secret, shown once. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SecretView(String signingSecret, Instant previousValidUntil) {
    }

    /** {@code DELETE}: how many pending deliveries ended {@code cancelled}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeletedView(boolean deleted, int cancelledDeliveries) {
    }

    private final JdbcTemplate jdbc;
    private final Tenants tenants;
    private final CallbackAddressPolicy policy;
    private final CallbackSecrets secrets;
    private final CallbackSettings settings;
    private final java.time.Clock clock;

    public TenantCallbacks(JdbcTemplate jdbc, Tenants tenants, CallbackAddressPolicy policy, CallbackSecrets secrets,
            CallbackSettings settings, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.policy = policy;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code PUT}: created (with its secret) or changed (the secret kept). */
    @Transactional
    public CallbackView set(Caller caller, String tenantId, CallbackRequest request) {
        UUID tenant = tenants.require(caller.manages(tenantId)).getId();
        Requests.body(request);
        String url = policy.checkUrl(request.url()).toString();
        List<String> events = events(request.events());
        secrets.requireConfigured();
        String secret = secrets.generate();
        Timestamp now = Timestamp.from(clock.instant());
        Boolean created = jdbc.queryForObject("INSERT INTO tenant_callbacks (tenant_id, url, events, secret,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET"
                + " url = EXCLUDED.url, events = EXCLUDED.events, updated_at = EXCLUDED.updated_at"
                + " RETURNING xmax = 0", Boolean.class, tenant, url, new SqlArrayValue("text", events.toArray()),
                secrets.seal(secret, tenant), now, now);
        CallbackView stored = find(tenant);
        return Boolean.TRUE.equals(created) ? withSecret(stored, secret) : stored;
    }

    /** {@code GET}: never the secret. */
    @Transactional(readOnly = true)
    public CallbackView get(Caller caller, String tenantId) {
        return find(tenants.require(caller.manages(tenantId)).getId());
    }

    /**
     * {@code DELETE}: the endpoint goes, and the tenant's pending deliveries end {@code cancelled}: the endpoint's row
     * first, then the deliveries', as {@link CallbackDeliveries#record} takes them.
     */
    @Transactional
    public DeletedView delete(Caller caller, String tenantId) {
        UUID tenant = tenants.require(caller.manages(tenantId)).getId();
        if (jdbc.update("DELETE FROM tenant_callbacks WHERE tenant_id = ?", tenant) == 0) {
            throw notFound(tenant);
        }
        int cancelled = jdbc.update("UPDATE callback_deliveries SET status = 'cancelled', lease_owner = NULL,"
                + " lease_until = NULL WHERE tenant_id = ? AND status = 'pending'", tenant);
        return new DeletedView(true, cancelled);
    }

    /** {@code POST .../secret}: a new secret; the old one signs too for CALLBACK_SECRET_OVERLAP. */
    @Transactional
    public SecretView rotate(Caller caller, String tenantId) {
        UUID tenant = tenants.require(caller.manages(tenantId)).getId();
        secrets.requireConfigured();
        String secret = secrets.generate();
        Instant now = clock.instant();
        Instant overlapEnds = now.plus(settings.secretOverlap());
        int changed = jdbc.update("UPDATE tenant_callbacks SET previous_secret = secret,"
                + " previous_secret_until = ?, secret = ?, updated_at = ? WHERE tenant_id = ?",
                Timestamp.from(overlapEnds), secrets.seal(secret, tenant), Timestamp.from(now), tenant);
        if (changed == 0) {
            throw notFound(tenant);
        }
        return new SecretView(secret, overlapEnds);
    }

    /** The tenant that has an endpoint, for the test ping: 404 TENANT_NOT_FOUND, or CALLBACK_NOT_FOUND when none. */
    @Transactional(readOnly = true)
    public UUID requireEndpoint(Caller caller, String tenantId) {
        UUID tenant = tenants.require(caller.manages(tenantId)).getId();
        find(tenant);
        return tenant;
    }

    private CallbackView find(UUID tenant) {
        return jdbc.query("SELECT url, events, created_at, updated_at FROM tenant_callbacks WHERE tenant_id = ?",
                (rs, i) -> new CallbackView(rs.getString(1), strings(rs.getArray(2)),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), true, null), tenant)
                .stream().findFirst().orElseThrow(() -> notFound(tenant));
    }

    private static CallbackView withSecret(CallbackView view, String secret) {
        return new CallbackView(view.url(), view.events(), view.createdAt(), view.updatedAt(), true, secret);
    }

    private static List<String> events(List<String> requested) {
        if (requested == null) {
            return EventType.subscribable();
        }
        if (requested.isEmpty()) {
            throw ApiException.validation("events must name at least one event type (or be left out: all of them)");
        }
        List<String> events = new ArrayList<>();
        for (String name : requested) {
            if (name == null || !EventType.subscribable().contains(name)) {
                throw ApiException.validation("events: each must be one of " + EventType.subscribable());
            }
            if (!events.contains(name)) {
                events.add(name);
            }
        }
        return events;
    }

    static List<String> strings(Array array) {
        try {
            return Arrays.asList((String[]) array.getArray());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ApiException notFound(UUID tenant) {
        return new ApiException(ErrorCode.CALLBACK_NOT_FOUND, "Tenant " + tenant + " has no callback endpoint");
    }
}
