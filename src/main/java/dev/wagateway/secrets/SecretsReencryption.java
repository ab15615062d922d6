package dev.wagateway.secrets;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.wagateway.monitoring.ClusterQueueMetrics;
import dev.wagateway.whatsapp.TokenCipher;
import dev.wagateway.whatsapp.WhatsAppNotConfiguredException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The re-encryption job of a {@code SECRETS_KEY} rotation (the secrets-reencrypt route): every ciphertext not sealed
 * with the current key — tenants' WhatsApp tokens ({@code tenants.whatsapp_token_encrypted}), callbacks' signing
 * secrets and their previous ones ({@code tenant_callbacks}) — is opened (with SECRETS_KEY_PREVIOUS, or the current
 * key for one stored before keys had ids) and sealed again with the current key, {@value #BATCH} rows a transaction.
 * <p>
 * Safe on every instance at once and any number of times: rows another instance holds are skipped ({@code FOR UPDATE
 * SKIP LOCKED}), a row is written only if it still holds the bytes read, and a row sealed with the current key is
 * never selected again. One that neither key opens is left as it is, counted in {@link #remaining}.
 */
@Component("secretsReencryption")
public class SecretsReencryption {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsReencryption.class);
    static final int BATCH = 100;

    /** {@code ?} is the current key's header: what does not start with it is to be sealed again. */
    private static final String STALE_TOKEN = "whatsapp_token_encrypted IS NOT NULL"
            + " AND substring(whatsapp_token_encrypted FROM 1 FOR 5) <> ?";
    private static final String STALE_SECRET = "(substring(secret FROM 1 FOR 5) <> ?"
            + " OR substring(previous_secret FROM 1 FOR 5) <> ?)";
    private static final String TOKENS = "SELECT id, whatsapp_token_encrypted FROM tenants WHERE " + STALE_TOKEN
            + " AND id > ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String WRITE_TOKEN = "UPDATE tenants SET whatsapp_token_encrypted = ?"
            + " WHERE id = ? AND whatsapp_token_encrypted = ?";
    private static final String SECRETS = "SELECT tenant_id, secret, previous_secret FROM tenant_callbacks WHERE "
            + STALE_SECRET + " AND tenant_id > ? ORDER BY tenant_id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String WRITE_SECRETS = "UPDATE tenant_callbacks SET secret = ?, previous_secret = ?"
            + " WHERE tenant_id = ? AND secret = ? AND previous_secret IS NOT DISTINCT FROM ?";
    private static final String REMAINING = "SELECT (SELECT count(*) FROM tenants WHERE " + STALE_TOKEN
            + ") + (SELECT count(*) FROM tenant_callbacks WHERE " + STALE_SECRET + ")";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TokenCipher cipher;
    private final AtomicLong remaining = new AtomicLong();

    public SecretsReencryption(JdbcTemplate jdbc, TransactionTemplate transactions, TokenCipher cipher,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
        // a count over the database (the cluster's), as this instance last counted it: take max(), not sum()
        Gauge.builder("secrets.reencryption.remaining", remaining, AtomicLong::get).tags(ClusterQueueMetrics.CLUSTER)
                .description("Rows with a ciphertext not sealed with SECRETS_KEY yet, as this instance last counted")
                .register(meters);
    }

    /** One pass over both tables; how many rows were sealed again (0 without SECRETS_KEY). */
    public long run() {
        if (!cipher.configured()) {
            return 0;
        }
        byte[] header = cipher.currentHeader();
        return tokens(header) + secrets(header);
    }

    /** Rows holding a ciphertext not sealed with the current key, counted now (0 without SECRETS_KEY). */
    public long remaining() {
        long count = cipher.configured()
                ? jdbc.queryForObject(REMAINING, Long.class, cipher.currentHeader(), cipher.currentHeader(),
                        cipher.currentHeader())
                : 0;
        remaining.set(count);
        return count;
    }

    private long tokens(byte[] header) {
        long rewritten = 0;
        UUID after = new UUID(0, 0);
        while (after != null) {
            UUID from = after;
            long[] done = {0};
            after = transactions.execute(status -> {
                List<Row> rows = jdbc.query(TOKENS, (rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2),
                        null), header, from, BATCH);
                for (Row row : rows) {
                    byte[] resealed = reseal(row.first(), row.tenant());
                    if (resealed != null) {
                        done[0] += jdbc.update(WRITE_TOKEN, resealed, row.tenant(), row.first());
                    }
                }
                return rows.size() < BATCH ? null : rows.get(rows.size() - 1).tenant();
            });
            rewritten += done[0];
        }
        return rewritten;
    }

    private long secrets(byte[] header) {
        long rewritten = 0;
        UUID after = new UUID(0, 0);
        while (after != null) {
            UUID from = after;
            long[] done = {0};
            after = transactions.execute(status -> {
                List<Row> rows = jdbc.query(SECRETS, (rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2),
                        rs.getBytes(3)), header, header, from, BATCH);
                for (Row row : rows) {
                    byte[] secret = reseal(row.first(), row.tenant());
                    byte[] previous = row.second() == null ? null : reseal(row.second(), row.tenant());
                    if (secret != null && (row.second() == null || previous != null)) {
                        done[0] += jdbc.update(WRITE_SECRETS, secret, previous, row.tenant(), row.first(),
                                row.second());
                    }
                }
                return rows.size() < BATCH ? null : rows.get(rows.size() - 1).tenant();
            });
            rewritten += done[0];
        }
        return rewritten;
    }

    /** Sealed again with the current key; the same bytes if they already are; null if no key opens them. */
    private byte[] reseal(byte[] stored, UUID tenant) {
        if (cipher.sealedWithCurrent(stored)) {
            return stored;
        }
        try {
            return cipher.reseal(stored, tenant);
        } catch (WhatsAppNotConfiguredException e) {
            LOG.warn("A secret of tenant {} opens with neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS: left as it is",
                    tenant);
            return null;
        }
    }

    /** A row's tenant and its one or two ciphertexts. */
    private record Row(UUID tenant, byte[] first, byte[] second) {
    }
}
