package dev.wagateway.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;

/**
 * Where the rate limits' token buckets (Bucket4j) live: in PostgreSQL, one per key for every instance of the service
 * ({@link SharedTokenBuckets}), or in this JVM ({@link #local}: the limiter's own tests, on a fake clock).
 */
public interface TokenBuckets {

    /**
     * The longest a caller may keep a bucket it has not taken from: a shared bucket's row is deleted a day after its
     * last take ({@link SharedTokenBuckets}), and a bucket held past that would find it gone (Bucket4j cannot make
     * it again within a batch of takes). Dropped after this, it is made anew on its next use.
     */
    Duration HOLD_UNUSED_AT_MOST = Duration.ofHours(1);

    /** The bucket {@code key}, made with {@code configuration} where there is none yet. */
    Bucket bucket(String key, Supplier<BucketConfiguration> configuration);

    /** Buckets of this JVM only, on the clock {@code time}. */
    static TokenBuckets local(TimeMeter time) {
        Map<String, Bucket> buckets = new ConcurrentHashMap<>();
        return (key, configuration) -> buckets.computeIfAbsent(key, k -> {
            LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
            for (Bandwidth bandwidth : configuration.get().getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }
}
