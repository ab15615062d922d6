package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.wagateway.Api;
import dev.wagateway.callback.Receiver;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while tenant callbacks are in flight (the receiver answering in 200 ms, so that posts are under way at
 * the signal): the workers finish their posts, and {@code callback-record}, which stops after them, records what
 * those posts did. Every event the receiver answered is {@code delivered} once the service has exited: none stays
 * leased, so a restart would post none of them again. Only deliveries claimed and not yet posted may stay leased.
 */
class CallbackShutdownIT extends FaultTest {

    private static final int EVENTS = 1_000;
    private static final int CONCURRENCY = 16;

    @Test
    void sigterm_records_what_the_posts_in_flight_did() throws Exception {
        FaultsEnvironment.accepts(graph, 0);
        var env = FaultsEnvironment.withCallbacks(
                FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-callback-shutdown"), CONCURRENCY);
        try (Receiver receiver = new Receiver().delaying(Duration.ofMillis(200))) {
            String tenantId;
            try (ServiceProcess service = ServiceProcess.start("callback-shutdown", env)) {
                Api api = new Api(service.baseUrl());
                tenantId = api.tenant("Callback shutdown");
                FaultsEnvironment.subscribe(api, tenantId, receiver.url(), "message.sent");
                FaultsEnvironment.backlog(jdbc, tenantId, FaultsEnvironment.contacts(api, tenantId, 20), "cb-stop",
                        EVENTS);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                        .until(() -> receiver.posts().size() >= 2 * CONCURRENCY && receiver.mostInFlight() > 1);
                assertThat(service.terminate(Duration.ofSeconds(30))).as("exited within 30 s").isTrue();
            }
            Set<String> answered = receiver.posts().stream().filter(post -> post.answered() == 200)
                    .map(Receiver.Post::eventId).collect(Collectors.toSet());
            List<String> notRecorded = jdbc.queryForList("SELECT event_id::text FROM callback_deliveries"
                    + " WHERE tenant_id = ?::uuid AND status <> 'delivered'", String.class, tenantId);
            long leased = jdbc.queryForObject("SELECT count(*) FROM callback_deliveries WHERE tenant_id = ?::uuid"
                    + " AND status = 'pending' AND lease_owner IS NOT NULL", Long.class, tenantId);

            assertThat(answered).as("events the receiver answered before the service exited").isNotEmpty();
            assertThat(notRecorded).as("answered events not recorded delivered").doesNotContainAnyElementsOf(answered);
            assertThat(leased).as("left leased: only those claimed and not yet posted").isLessThanOrEqualTo(CONCURRENCY);
            System.out.printf("%nCallback shutdown: SIGTERM after %d posts answered; all recorded delivered, %d"
                    + " deliveries left leased (claimed, not posted)%n%n", answered.size(), leased);
        }
    }
}
