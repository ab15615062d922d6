package dev.wagateway.cluster;

import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.springframework.stereotype.Component;

/**
 * Token buckets kept in PostgreSQL (table {@code rate_limit_buckets}, Bucket4j's JDBC proxy): each take of a token is
 * a short transaction that locks the bucket's row ({@code SELECT ... FOR UPDATE}), so every instance on the
 * database draws from the same bucket and N instances together keep one limit. Time is each instance's own clock
 * (keep them in sync, e.g. NTP).
 */
@Component
public class SharedTokenBuckets implements TokenBuckets {

    private final ProxyManager<String> buckets;

    public SharedTokenBuckets(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").build();
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
}
