package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import dev.wagateway.Api;
import dev.wagateway.callback.Receiver;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database post one tenant's {@value #EVENTS} {@code message.sent} events (a backlog drained by
 * both) to its endpoint, a real receiver answering in 20 ms: their claims take turns (the advisory lock), so each
 * event reaches the receiver exactly once (no lease runs out: 5 s leases, 20 ms answers), and both instances post
 * some of them (each one's {@code callback_deliveries_total}).
 */
class CallbackTwoInstancesIT extends FaultTest {

    private static final int EVENTS = 2_000;
    private static final int CONCURRENCY = 8;

    @Test
    void two_instances_post_each_event_exactly_once_and_share_the_work() throws Exception {
        FaultsEnvironment.accepts(graph, 0);
        CompletableFuture<ServiceProcess> startingB = CompletableFuture.supplyAsync(() -> start("b"));
        try (Receiver receiver = new Receiver().delaying(Duration.ofMillis(20));
                ServiceProcess a = start("a"); ServiceProcess b = startingB.join()) {
            Api api = new Api(a.baseUrl());
            String tenantId = api.tenant("Callbacks on two instances");
            FaultsEnvironment.subscribe(api, tenantId, receiver.url(), "message.sent");
            long startedAt = System.nanoTime();
            FaultsEnvironment.backlog(jdbc, tenantId, FaultsEnvironment.contacts(api, tenantId, 20), "cb-two",
                    EVENTS);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count(tenantId, "status = 'sent'") == EVENTS && deliveries(tenantId) == EVENTS
                            && receiver.posts().size() >= EVENTS);
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            ServiceProcess.sleep(1_000); // a duplicate, if any, has time to arrive

            Map<String, List<Receiver.Post>> byEvent = receiver.posts().stream()
                    .collect(Collectors.groupingBy(Receiver.Post::eventId));
            Map<String, List<Receiver.Post>> twice = byEvent.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(twice).as(() -> "posted more than once (post times, then the delivery row): "
                    + describe(twice)).isEmpty();
            assertThat(byEvent.keySet()).as("every event of the table posted").containsExactlyInAnyOrderElementsOf(
                    jdbc.queryForList("SELECT event_id::text FROM callback_deliveries WHERE tenant_id = ?::uuid",
                            String.class, tenantId));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid"
                    + " AND (status <> 'delivered' OR attempts <> 1)", Long.class, tenantId))
                    .as("deliveries not delivered at their first attempt").isZero();

            long byA = delivered(a);
            long byB = delivered(b);
            System.out.printf("%nCallbacks on two instances: %d message.sent events, receiver answering in 20 ms,"
                    + " CALLBACK_CONCURRENCY %d each: all posted once in %.1f s (backlog drain included); posted by"
                    + " A %d, by B %d; most posts at once at the receiver %d%n%n", EVENTS, CONCURRENCY, seconds,
                    byA, byB, receiver.mostInFlight());
            assertThat(byA + byB).as("posts counted by the two instances").isEqualTo(EVENTS);
            assertThat(byA).as("A posted").isPositive();
            assertThat(byB).as("B posted").isPositive();
        }
    }

    private static ServiceProcess start(String name) {
        return ServiceProcess.start("callback-two-" + name, FaultsEnvironment.withCallbacks(
                FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-callback-" + name), CONCURRENCY));
    }

    private static long deliveries(String tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid"
                + " AND status = 'delivered'", Long.class, tenantId);
    }

    /** Each duplicate event: when the receiver got it, and its delivery row (status, attempts, lease, error). */
    private static String describe(Map<String, List<Receiver.Post>> twice) {
        return twice.entrySet().stream().map(e -> e.getKey() + " at " + e.getValue().stream()
                .map(Receiver.Post::at).toList() + " " + jdbc.queryForMap("SELECT status, attempts, lease_owner,"
                + " lease_until, last_status_code, last_error, created_at, delivered_at FROM callback_deliveries"
                + " WHERE event_id = ?::uuid", e.getKey())).collect(Collectors.joining("\n", "\n", ""));
    }

    /** The posts this instance counted as delivered ({@code callback_deliveries_total{outcome="delivered"}}). */
    private static long delivered(ServiceProcess service) {
        String metrics = new Api(service.baseUrl()).get("/actuator/prometheus").raw();
        return metrics.lines().filter(line -> line.startsWith("callback_deliveries_total{"))
                .filter(line -> line.contains("outcome=\"delivered\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
