package dev.wagateway.idempotency;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The keys of the {@code Idempotency-Key} header in PostgreSQL ({@code idempotency_keys}), for any call that creates
 * something. A route calls, inside the transaction that creates it ({@code inTransaction}):
 * <ol>
 * <li>{@link #claim} before it creates anything: null when the request is new (go on), the earlier request's
 * {@link StoredKey} when it is a repeat (create nothing: answer from it), or 409 / 422;</li>
 * <li>{@link #record} once it has created it: the key is stored in the same transaction, so it exists exactly when
 * what the request created does (a refusal rolls both back).</li>
 * </ol>
 * Without a key (null) both return at once, with no statement.
 */
@Component("idempotencyStore")
public class IdempotencyStore {

    /**
     * The first argument of the transaction-scoped advisory lock taken on a key (the second is a hash of tenant and
     * key); the two-argument locks are a key space of their own, apart from the one-argument ones (CallbackClaims).
     */
    static final int LOCK_SPACE = 0x1de4;
    /** How many expired keys one statement of the purge deletes. */
    static final int PURGE_BATCH = 10_000;
    /** Seconds a request told IDEMPOTENCY_KEY_IN_USE is asked to wait before trying again. */
    static final long IN_USE_RETRY_AFTER_SECONDS = 1;

    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(?, hashtext(? || '/' || ?))";
    private static final String FIND = """
            SELECT operation, fingerprint, resource_id, response FROM idempotency_keys
            WHERE tenant_id = ? AND idempotency_key = ? AND expires_at > ?""";
    /** A row left by an expired key (not yet purged) is taken over; a live one is not (no row: in use). */
    private static final String RECORD = """
            INSERT INTO idempotency_keys (tenant_id, idempotency_key, operation, fingerprint, resource_id, response,
                created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
            ON CONFLICT (tenant_id, idempotency_key) DO UPDATE SET operation = EXCLUDED.operation,
                fingerprint = EXCLUDED.fingerprint, resource_id = EXCLUDED.resource_id, response = EXCLUDED.response,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            WHERE idempotency_keys.expires_at <= EXCLUDED.created_at""";
    private static final String PURGE = """
            DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM idempotency_keys WHERE expires_at <= ? LIMIT ?))""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final IdempotencySettings settings;
    private final Clock clock;

    public IdempotencyStore(JdbcTemplate jdbc, ObjectMapper json, IdempotencySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Takes the key for this transaction and looks for it. Null: no key, or a key not used yet (or expired): the
     * request goes on. A key another request holds right now (its transaction not ended): 409 IDEMPOTENCY_KEY_IN_USE
     * with Retry-After: 1. A key used for another operation or another body: 422 IDEMPOTENCY_KEY_REUSED. Else the
     * earlier request's key: the route answers from it and creates nothing.
     * <p>
     * Two statements, so that the lookup's snapshot is taken once the lock is held: a request that held the key and
     * has just committed is seen.
     */
    public StoredKey claim(Caller caller, String operation, String key, byte[] fingerprint) {
        if (key == null) {
            return null;
        }
        UUID tenantId = caller.tenant();
        Boolean locked = jdbc.queryForObject(LOCK, Boolean.class, LOCK_SPACE, tenantId.toString(), key);
        if (!Boolean.TRUE.equals(locked)) {
            throw inUse();
        }
        List<StoredKey> found = jdbc.query(FIND, (rs, i) -> {
            if (!rs.getString(1).equals(operation) || !Arrays.equals(rs.getBytes(2), fingerprint)) {
                throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used for another request; use a new key for a new request");
            }
            return new StoredKey(operation, rs.getObject(3, UUID.class), tree(rs.getString(4)));
        }, tenantId, key, Timestamp.from(clock.instant()));
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Stores the key with what the request created ({@code resourceId}) and, for a call whose answer cannot be read
     * again, the answer ({@code response}, written as JSON; else null), kept IDEMPOTENCY_TTL. Nothing without a key.
     * A live row for the key (a request that took it without this one seeing it) is 409 IDEMPOTENCY_KEY_IN_USE: this
     * transaction rolls back, and the retry is answered from the other's.
     */
    public void record(Caller caller, String operation, String key, byte[] fingerprint, UUID resourceId,
            Object response) {
        if (key == null) {
            return;
        }
        Instant now = clock.instant();
        int stored = jdbc.update(RECORD, caller.tenant(), key, operation, fingerprint, resourceId,
                response == null ? null : write(response), Timestamp.from(now),
                Timestamp.from(now.plus(settings.ttl())));
        if (stored == 0) {
            throw inUse();
        }
    }

    /** Deletes the keys past their TTL, {@value #PURGE_BATCH} a statement; how many (the idempotency-purge route). */
    public int purge() {
        return purgeExpiredAt(clock.instant());
    }

    /** Deletes the keys that expire at {@code now} or before; how many. */
    public int purgeExpiredAt(Instant now) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(PURGE, Timestamp.from(now), PURGE_BATCH);
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    private static ApiException inUse() {
        return new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_USE,
                "A request with this Idempotency-Key is being handled; try again after Retry-After",
                IN_USE_RETRY_AFTER_SECONDS);
    }

    private String write(Object response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer cannot be written as JSON", e);
        }
    }

    private JsonNode tree(String stored) {
        try {
            return stored == null ? null : json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored answer is not JSON", e);
        }
    }
}
