package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.wagateway.Api;
import dev.wagateway.callback.Receiver;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} while tenant callbacks are in flight: a backlog of {@value #EVENTS} messages drained, each one's
 * {@code message.sent} event posted to the tenant's endpoint (a real receiver, 50 ms per answer), the service killed
 * midway, then started again on the same database. No event is lost: once the dead instance's leases run out, the
 * new one posts them, and every delivery ends {@code delivered}. Only the deliveries in flight at the kill (leased:
 * the workers' posts, and posts done whose outcomes callback-record had not yet recorded, gathered for 10 ms) may
 * reach the receiver twice, never more. Each message that ended {@code sent} has
 * exactly one {@code message.sent} event: it was written with the change.
 */
class CallbackCrashIT extends FaultTest {

    private static final int EVENTS = 2_000;
    private static final int CONCURRENCY = 16;

    @Test
    void a_kill_loses_no_event_and_posts_again_only_those_in_flight() throws Exception {
        FaultsEnvironment.accepts(graph, 0);
        Map<String, String> env = FaultsEnvironment.withCallbacks(
                FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-callback-crash"), CONCURRENCY);
        try (Receiver receiver = new Receiver().delaying(Duration.ofMillis(50))) {
            String tenantId;
            String secret;
            try (ServiceProcess first = ServiceProcess.start("callback-crash-first", env)) {
                Api api = new Api(first.baseUrl());
                tenantId = api.tenant("Callback crash");
                secret = FaultsEnvironment.subscribe(api, tenantId, receiver.url(), "message.sent");
                FaultsEnvironment.backlog(jdbc, tenantId, FaultsEnvironment.contacts(api, tenantId, 20), "cb-crash",
                        EVENTS);
                // mid-flight: the receiver has some of the events, and this instance holds leases on a few more
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                        .until(() -> receiver.posts().size() >= EVENTS / 4 && deliveries(tenantId,
                                "status = 'pending' AND lease_owner IS NOT NULL") >= 4);
                first.kill();
            }
            int postedBeforeKill = receiver.posts().size();
            // in flight at the kill: the deliveries the dead instance still holds a lease on
            Set<String> inFlight = Set.copyOf(jdbc.queryForList("SELECT event_id::text FROM callback_deliveries"
                    + " WHERE tenant_id = ?::uuid AND status = 'pending' AND lease_owner IS NOT NULL", String.class,
                    tenantId));
            assertThat(postedBeforeKill).as("killed with deliveries left to post").isLessThan(EVENTS);
            // the workers' posts, and the posts done whose outcomes were still being gathered (10 ms of them): a
            // handful, never the backlog
            assertThat(inFlight).as("in flight at the kill: the instance's workers, and outcomes not yet recorded")
                    .isNotEmpty().hasSizeLessThanOrEqualTo(2 * CONCURRENCY);

            long restartedAt = System.nanoTime();
            try (ServiceProcess second = ServiceProcess.start("callback-crash-second", env)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> count(tenantId, "status = 'sent'") == EVENTS
                                && deliveries(tenantId, "true") == EVENTS
                                && deliveries(tenantId, "status = 'delivered'") == EVENTS);
                double drained = (System.nanoTime() - restartedAt) / 1e9;

                // each message that ended sent has exactly one message.sent event, and there is no other
                assertThat(count(tenantId, "true")).isEqualTo(EVENTS);
                assertThat(count(tenantId, "status = 'sent' AND (SELECT count(*) FROM callback_deliveries d"
                        + " WHERE d.message_id = messages.id AND d.type = 'message.sent') <> 1"))
                        .as("sent messages without exactly one message.sent event").isZero();
                assertThat(deliveries(tenantId, "type = 'message.sent' AND message_id IS NOT NULL")).isEqualTo(EVENTS);

                // the receiver got every event of the table, each signed with the tenant's secret
                List<Receiver.Post> posts = receiver.posts();
                Map<String, Long> times = posts.stream()
                        .collect(Collectors.groupingBy(Receiver.Post::eventId, Collectors.counting()));
                List<String> events = jdbc.queryForList("SELECT event_id::text FROM callback_deliveries"
                        + " WHERE tenant_id = ?::uuid", String.class, tenantId);
                assertThat(times.keySet()).as("event ids posted").containsExactlyInAnyOrderElementsOf(events);
                assertThat(posts).allSatisfy(post -> assertThat(Receiver.signedBy(
                        post.headers().get("x-gateway-signature"), post.body(), secret)).isTrue());

                // twice only what was in flight at the kill, never more than twice
                Map<String, Long> twice = times.entrySet().stream().filter(e -> e.getValue() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                assertThat(twice.keySet()).as("posted more than once: only those leased at the kill " + inFlight)
                        .isSubsetOf(inFlight);
                assertThat(twice.values()).as("times each was posted").allSatisfy(n -> assertThat(n).isEqualTo(2));
                Map<Integer, Long> attempts = jdbc.queryForList("SELECT attempts FROM callback_deliveries"
                        + " WHERE tenant_id = ?::uuid", Integer.class, tenantId).stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

                System.out.printf("%nCallback crash: %d message.sent events, receiver answering in 50 ms,"
                        + " CALLBACK_CONCURRENCY %d; killed after %d posts with %d deliveries leased; the restarted"
                        + " instance finished in %.1f s (start-up included); %d posts in all, %d events posted twice;"
                        + " recorded attempts per delivery: %s%n%n", EVENTS, CONCURRENCY, postedBeforeKill,
                        inFlight.size(), drained, posts.size(), twice.size(), attempts);
                assertThat(second.terminate(Duration.ofSeconds(30))).isTrue();
            }
        }
    }

    /** The tenant's callback deliveries that meet {@code condition} (SQL). */
    private static long deliveries(String tenantId, String condition) {
        return jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid AND "
                + condition, Long.class, tenantId);
    }
}
