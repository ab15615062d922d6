package dev.wagateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import dev.wagateway.RateFigures.FakeTime;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.cluster.TokenBuckets;
import org.junit.jupiter.api.Test;

/** A batch's messages each count against {@code TENANT_RATE_LIMIT}: {@code acquire(caller, n)}, on a fake clock. */
class TenantRateLimitPermitsTest {

    private final FakeTime time = new FakeTime();
    private final TenantRateLimit limit = new TenantRateLimit(10, TokenBuckets.local(time));
    private final Caller tenant = new Caller(UUID.randomUUID());

    @Test
    void n_permits_are_n_sends() {
        limit.acquire(tenant, 7);
        limit.acquire(tenant, 3);
        assertThatThrownBy(() -> limit.acquire(tenant, 1)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        time.nanos += Duration.ofMillis(500).toNanos();
        assertThatThrownBy(() -> limit.acquire(tenant, 6)).as("5 refilled, not 6").isInstanceOf(ApiException.class);
        limit.acquire(tenant, 5);
    }

    @Test
    void more_than_a_seconds_worth_passes_when_the_bucket_is_full_and_later_sends_wait_for_the_debt() {
        limit.acquire(tenant, 25);
        time.nanos += Duration.ofMillis(1400).toNanos();
        assertThatThrownBy(() -> limit.acquire(tenant, 1)).as("15 owed, 14 refilled")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        time.nanos += Duration.ofMillis(200).toNanos();
        limit.acquire(tenant, 1);
    }
}
