package dev.wagateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wagateway.Api;
import dev.wagateway.StrictPoliciesTest;
import org.junit.jupiter.api.Test;

/**
 * {@code TENANT_RATE_LIMIT=5}: a tenant's sixth send within a second is refused with 429 and {@code Retry-After},
 * nothing of it stored; another tenant is not affected; a second later the tenant may send again.
 */
class TenantRateLimitTest extends StrictPoliciesTest {

    /** The window is enforced in this context: a template is always allowed. */
    private static final String TEMPLATE = "{\"contactId\":\"%s\",\"type\":\"template\",\"template\":"
            + "{\"name\":\"hello_world\",\"language\":\"en_US\"}}";

    /** {@code count} sends by the tenant to the contact, all let go at once; the answers, and how long they took. */
    private record Burst(List<Api.Response> answers, double seconds) {
    }

    private Burst burst(int count, String tenant, String contact) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(clients.submit(() -> {
                start.await();
                return api.as(api.keyOf(tenant)).post("/messages/send", TEMPLATE.formatted(contact));
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        List<Api.Response> answers = new ArrayList<>();
        for (Future<Api.Response> call : calls) {
            answers.add(call.get(30, TimeUnit.SECONDS));
        }
        clients.shutdown();
        return new Burst(answers, (System.nanoTime() - began) / 1e9);
    }

    @Test
    void past_the_limit_a_send_is_429_with_retry_after_and_stores_nothing() throws Exception {
        String busy = api.tenant("Busy");
        String quiet = api.tenant("Quiet");
        String busyContact = api.contact(busy, uniquePhone());
        String quietContact = api.contact(quiet, uniquePhone());

        Burst eight = burst(8, busy, busyContact);
        List<Api.Response> burst = eight.answers();
        long accepted = burst.stream().filter(r -> r.status() == 201).count();
        List<Api.Response> refused = burst.stream().filter(r -> r.status() == 429).toList();

        assertThat(accepted + refused.size()).isEqualTo(8);
        // 5 at once, plus one for every 200 ms the burst ran (a loaded machine stretches it)
        assertThat(accepted).isBetween(5L, 5L + (long) (5 * eight.seconds()) + 1);
        assertThat(refused).isNotEmpty();
        Api.Response tooMany = refused.get(0);
        assertThat(tooMany.errorCode()).isEqualTo("RATE_LIMITED");
        assertThat(tooMany.json().path("success").asBoolean()).isFalse();
        assertThat(tooMany.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", Long.class, busy))
                .isEqualTo(accepted);

        // another tenant has its own allowance
        assertThat(api.as(api.keyOf(quiet)).post("/messages/send", TEMPLATE.formatted(quietContact)).status())
                .isEqualTo(201);
        // and after Retry-After the busy tenant sends again
        Thread.sleep(1000L * Integer.parseInt(tooMany.headers().firstValue("Retry-After").orElseThrow()));
        assertThat(api.as(api.keyOf(busy)).post("/messages/send", TEMPLATE.formatted(busyContact)).status())
                .isEqualTo(201);
    }

    /**
     * A send takes its tenant's turn inside its store transaction, which holds a connection of the main pool (3 in
     * this context): with the turns taken from that same pool, sends at once each held one and waited for a second,
     * answered 503 after the connection timeout. The buckets have a pool of their own.
     */
    @Test
    void more_sends_at_once_than_the_pool_has_connections_are_each_answered_201_or_429() throws Exception {
        String tenant = api.tenant("Crowded");
        Burst burst = burst(30, tenant, api.contact(tenant, uniquePhone()));
        List<Integer> statuses = burst.answers().stream().map(Api.Response::status).toList();
        assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(201, 429));
        // 5 at once, then 5 a second while the burst ran
        assertThat(statuses).filteredOn(status -> status == 201)
                .hasSizeBetween(5, 5 + (int) (5 * burst.seconds()) + 1);
    }
}
