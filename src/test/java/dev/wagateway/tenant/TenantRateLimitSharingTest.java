package dev.wagateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import dev.wagateway.RateFigures.FakeTime;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.cluster.TokenBuckets;
import org.junit.jupiter.api.Test;

/** {@code TENANT_RATE_LIMIT} kept by two instances drawing from the same buckets, on a fake clock. */
class TenantRateLimitSharingTest {

    @Test
    void two_instances_admit_the_tenants_limit_together_not_twice_it() {
        FakeTime time = new FakeTime();
        TokenBuckets shared = TokenBuckets.local(time);
        TenantRateLimit a = new TenantRateLimit(10, shared);
        TenantRateLimit b = new TenantRateLimit(10, shared);
        Caller tenant = new Caller(UUID.randomUUID());
        Caller other = new Caller(UUID.randomUUID());

        int admitted = 0;
        int refused = 0;
        for (long end = time.nanos + Duration.ofSeconds(10).toNanos(); time.nanos < end;
                time.nanos += Duration.ofMillis(10).toNanos()) {
            for (TenantRateLimit instance : new TenantRateLimit[] {a, b}) {
                try {
                    instance.acquire(tenant);
                    admitted++;
                } catch (ApiException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    refused++;
                }
            }
        }

        assertThat(admitted).as("a second's burst, then 10 a second, from both together").isBetween(100, 110);
        assertThat(refused).isPositive();
        b.acquire(other); // another tenant has its own bucket
    }
}
