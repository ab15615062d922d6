package dev.wagateway.cluster;

import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Token buckets kept in PostgreSQL (table {@code rate_limit_buckets}, Bucket4j's JDBC proxy): each take of tokens is
 * a short transaction that locks the bucket's row ({@code SELECT ... FOR UPDATE}), so every instance on the
 * database draws from the same bucket and N instances together keep one limit. Time is each instance's own clock
 * (keep them in sync, e.g. NTP).
 * <p>
 * The takes use a small pool of their own ({@value #POOL_SIZE} connections): a send takes its tenant's turn inside
 * its store transaction, and a turn that waited for a connection of the pool that transaction holds one of could
 * wait for ever once every connection is held that way.
 * <p>
 * Each take also writes when its row may be forgotten ({@code expires_at}, {@value #UNUSED_FOR_HOURS} hours on),
 * Bucket4j's expiration: the retention route deletes the rows past it ({@link #removeExpired}), so the table does
 * not keep every limit ever configured. A bucket unused that long is full again anyway: made anew on its next use.
 */
@Component
public class SharedTokenBuckets implements TokenBuckets, DisposableBean {

    static final int POOL_SIZE = 4;
    /** A bucket not taken from for this long is deleted by the retention route. */
    static final int UNUSED_FOR_HOURS = 24;

    private final HikariDataSource pool;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    public SharedTokenBuckets(DataSourceProperties properties, DataSource main) {
        this.pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("rate-limits");
        pool.setMaximumPoolSize(POOL_SIZE);
        if (main instanceof HikariDataSource hikari) { // the same timeouts and driver settings as the main pool
            pool.setConnectionTimeout(hikari.getConnectionTimeout());
            pool.setDataSourceProperties(hikari.getDataSourceProperties());
        }
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool)
                .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.fixedTimeToLive(Duration.ofHours(UNUSED_FOR_HOURS)))
                .build();
    }

    /**
     * Takes that come in while another is on its way to the database go together in one transaction (Bucket4j's
     * batching), so a busy number costs far fewer transactions than turns. The row is made first, alone: a batch
     * cannot make a missing bucket (Bucket4j 8.14 answers BucketNotFoundException).
     */
    @Override
    public Bucket bucket(String key, Supplier<BucketConfiguration> configuration) {
        buckets.builder().build(key, configuration).getAvailableTokens();
        return buckets.builder().withOptimization(Optimizations.batching()).build(key, configuration);
    }

    /** Deletes up to {@code batchSize} rows past their {@code expires_at}; how many. */
    public int removeExpired(int batchSize) {
        return buckets.removeExpired(batchSize);
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
