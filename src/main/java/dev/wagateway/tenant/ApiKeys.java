package dev.wagateway.tenant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.config.LogFields;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tenants' API keys: who a request's {@code X-API-Key} is (the first step of every API route), and keys made,
 * listed and revoked. A key is shown once; only its salted SHA-256 is stored. Making a new key leaves the others
 * valid until they are revoked, so a client can switch without a gap.
 */
@Component("apiKeys")
public class ApiKeys {

    public static final String HEADER = "X-API-Key";

    /** A key as listed ({@code revoked_at} null while it works); {@code api_key} only in the answer that made it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeyView(UUID id, UUID tenantId, Instant createdAt, Instant revokedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String apiKey) {
    }

    private final JdbcTemplate jdbc;
    private final OperatorKey operatorKey;
    private final Tenants tenants;
    private final Clock clock;

    public ApiKeys(JdbcTemplate jdbc, OperatorKey operatorKey, Tenants tenants, Clock clock) {
        this.jdbc = jdbc;
        this.operatorKey = operatorKey;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * The caller of this request, from its {@code X-API-Key} header (then removed from the message): the operator or
     * a tenant; 401 UNAUTHORIZED for a missing, unknown or revoked key, or a key sent in the URL.
     */
    public Caller authenticate(Exchange exchange) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null && query.toLowerCase(Locale.ROOT).contains("api-key=")) {
            throw unauthorized("Send the API key in the X-API-Key header, never in the URL");
        }
        String presented = exchange.getMessage().getHeader(HEADER, String.class);
        exchange.getMessage().removeHeader(HEADER);
        if (presented == null || presented.isBlank()) {
            throw unauthorized("X-API-Key header is required");
        }
        if (operatorKey.matches(presented)) {
            return Caller.OPERATOR;
        }
        Caller tenant = ApiKeyCodec.parse(presented)
                .flatMap(key -> jdbc.query("SELECT tenant_id, salt, hash FROM api_keys WHERE id = ?"
                        + " AND revoked_at IS NULL", (rs, i) -> ApiKeyCodec.matches(rs.getBytes(2), rs.getBytes(3),
                                key.secret()) ? new Caller(rs.getObject(1, UUID.class)) : null, key.keyId())
                        .stream().filter(Objects::nonNull).findFirst())
                .orElseThrow(() -> unauthorized("X-API-Key is not a valid API key"));
        // a field of every log line of this request (camel-mdc: camel.mdc.custom-exchange-properties)
        exchange.setProperty(LogFields.TENANT_ID, tenant.tenantId());
        return tenant;
    }

    /** A new key for the tenant, in the caller's transaction; the answer is the only place the key appears. */
    public KeyView issue(UUID tenantId) {
        ApiKeyCodec.Minted key = ApiKeyCodec.mint();
        Instant now = clock.instant();
        jdbc.update("INSERT INTO api_keys (id, tenant_id, salt, hash, created_at) VALUES (?, ?, ?, ?, ?)",
                key.keyId(), tenantId, key.salt(), key.hash(), Timestamp.from(now));
        return new KeyView(key.keyId(), tenantId, now, null, key.text());
    }

    /** {@code POST /tenants/{id}/api-keys}: the operator or the tenant itself. */
    public KeyView create(Caller caller, String tenantId) {
        return issue(tenants.require(caller.manages(tenantId)).getId());
    }

    /** {@code GET /tenants/{id}/api-keys}: the tenant's keys, oldest first, revoked ones too. */
    public List<KeyView> list(Caller caller, String tenantId) {
        UUID tenant = tenants.require(caller.manages(tenantId)).getId();
        return jdbc.query("SELECT id, created_at, revoked_at FROM api_keys WHERE tenant_id = ?"
                + " ORDER BY created_at, id", (rs, i) -> view(tenant, rs.getObject(1, UUID.class),
                        rs.getTimestamp(2), rs.getTimestamp(3)), tenant);
    }

    /** {@code DELETE /tenants/{id}/api-keys/{keyId}}: at once and for good; revoking twice changes nothing. */
    public KeyView revoke(Caller caller, String tenantId, String keyId) {
        UUID tenant = caller.manages(tenantId);
        UUID key = Requests.uuid(keyId, "keyId");
        jdbc.update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), key, tenant);
        return jdbc.query("SELECT created_at, revoked_at FROM api_keys WHERE id = ? AND tenant_id = ?",
                (rs, i) -> view(tenant, key, rs.getTimestamp(1), rs.getTimestamp(2)), key, tenant).stream()
                .findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.API_KEY_NOT_FOUND, "API key " + key + " not found"));
    }

    private static KeyView view(UUID tenant, UUID id, Timestamp created, Timestamp revoked) {
        return new KeyView(id, tenant, created.toInstant(), revoked == null ? null : revoked.toInstant(), null);
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message);
    }
}
