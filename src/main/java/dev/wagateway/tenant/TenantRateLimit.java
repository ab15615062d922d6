package dev.wagateway.tenant;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.cluster.SharedTokenBuckets;
import dev.wagateway.cluster.TokenBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The per-tenant intake limit of {@code POST /messages/send}: {@code TENANT_RATE_LIMIT} sends per second per tenant
 * (0: off), a Bucket4j token bucket that holds one second's worth, so a burst of that size passes at once. Past
 * it: 429 RATE_LIMITED with {@code Retry-After} in whole seconds. The bucket is shared by every instance of the
 * service ({@link SharedTokenBuckets}, in PostgreSQL): N instances together admit the limit, not N times it.
 */
@Component("tenantRateLimit")
public class TenantRateLimit {

    private final long perSecond;
    private final TokenBuckets shared;
    /** Each tenant's bucket, dropped once unused for {@link TokenBuckets#HOLD_UNUSED_AT_MOST} (its row expires). */
    private final Cache<UUID, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(TokenBuckets.HOLD_UNUSED_AT_MOST).build();

    @Autowired
    public TenantRateLimit(SecuritySettings settings, SharedTokenBuckets shared) {
        this(settings.tenantRateLimit(), shared);
    }

    public TenantRateLimit(long perSecond, TokenBuckets shared) {
        if (perSecond < 0) {
            throw new IllegalStateException("TENANT_RATE_LIMIT must be 0 (off) or a positive number of sends per second");
        }
        this.perSecond = perSecond;
        this.shared = shared;
    }

    /** Takes one send from the caller's tenant's allowance, or refuses it with 429 and when to try again. */
    public void acquire(Caller caller) {
        acquire(caller, 1);
    }

    /**
     * Takes {@code permits} sends (a batch's messages) from the caller's tenant's allowance, or refuses them all with
     * 429. More than the bucket holds (a batch larger than a second's worth) is admitted when the bucket is full: the
     * second's worth is taken, and the rest as a debt that later sends wait for.
     */
    public void acquire(Caller caller, int permits) {
        if (perSecond == 0 || permits <= 0) {
            return;
        }
        Bucket bucket = buckets.get(caller.tenant(), tenant -> shared.bucket(
                "tenant:" + tenant + ":" + perSecond, () -> BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                        .build()));
        long now = Math.min(permits, perSecond);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(now);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(ErrorCode.RATE_LIMITED, "More than " + perSecond
                    + " sends per second for this tenant; retry after " + seconds + " s", seconds);
        }
        if (permits > now) {
            bucket.consumeIgnoringRateLimits(permits - now);
        }
    }
}
