package dev.wagateway.faults;

import static dev.wagateway.RateFigures.busiestSecond;
import static dev.wagateway.RateFigures.perSecond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.wagateway.Api;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database and one WhatsApp number, {@code WHATSAPP_RATE_LIMIT=40}, draining a backlog side by
 * side: they take their turns from the number's one bucket in PostgreSQL, so WhatsApp (the stub) receives 40
 * messages a second from both together, not 80.
 */
class SharedRateLimitIT extends FaultTest {

    private static final int LIMIT = 40;
    private static final int BACKLOG = 600;

    @Test
    void two_instances_together_send_at_the_numbers_limit_not_twice_it() throws Exception {
        FaultsEnvironment.accepts(graph, 0);
        CompletableFuture<ServiceProcess> startingB = CompletableFuture.supplyAsync(() -> start("b"));
        try (ServiceProcess a = start("a"); ServiceProcess b = startingB.join()) {
            Api viaA = new Api(a.baseUrl());
            String tenantId = viaA.tenant("Shared limit");
            Api viaB = new Api(b.baseUrl());
            viaB.rememberKey(tenantId, viaA.keyOf(tenantId));
            List<String> contacts = FaultsEnvironment.contacts(viaA, tenantId, 20);

            // a backlog drained by redelivery (on whichever instance Quartz fires), and clients sending through both
            // instances: each send's immediate attempt takes its turn from the same bucket, or is deferred
            FaultsEnvironment.backlog(jdbc, tenantId, contacts, "shared", BACKLOG);
            Senders clientsOfA = Senders.start(3, viaA, tenantId, contacts, 0);
            Senders clientsOfB = Senders.start(3, viaB, tenantId, contacts, 0);
            Thread.sleep(8_000);
            clientsOfA.stop();
            clientsOfB.stop();
            int total = BACKLOG + clientsOfA.acknowledged.size() + clientsOfB.acknowledged.size();
            await().atMost(Duration.ofSeconds(90)).until(() -> count(tenantId, "status = 'sent'") == total);

            List<Long> at = graph.getAllServeEvents().stream().map(ServeEvent::getRequest)
                    .map(request -> request.getLoggedDate().getTime() * 1_000_000).sorted().toList();
            double seconds = (at.get(at.size() - 1) - at.get(0)) / 1e9;
            double rate = perSecond(at);
            int busiest = busiestSecond(at);
            long byA = metric(a, "camel_exchanges_total", "routeId=\"whatsapp-delivery\"");
            long byB = metric(b, "camel_exchanges_total", "routeId=\"whatsapp-delivery\"");
            System.out.printf("%nShared rate limit: 2 instances, limit %d/s, a %d-message backlog and 6 clients (3 per"
                    + " instance): WhatsApp got %d messages in %.1f s = %.1f/s, busiest 1 s window %d; attempts"
                    + " (deferred turns included) %d on A, %d on B%n%n", LIMIT, BACKLOG, at.size(), seconds, rate,
                    busiest, byA, byB);
            assertThat(at).hasSize(total);
            assertThat(rate).as("together at the limit, not twice it").isBetween(LIMIT * 0.8, LIMIT * 1.1);
            assertThat(busiest).as("busiest 1 s window (turns granted at the limit, plus arrival jitter)")
                    .isLessThanOrEqualTo((int) (LIMIT * 1.2));
            assertThat(byA).as("A called WhatsApp").isPositive();
            assertThat(byB).as("B called WhatsApp").isPositive();
        }
    }

    private static ServiceProcess start(String name) {
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-shared-" + name);
        env.put("WHATSAPP_RATE_LIMIT", String.valueOf(LIMIT));
        return ServiceProcess.start("shared-limit-" + name, env);
    }

    /** The first sample of {@code name} whose labels contain {@code label}, from the instance's Prometheus page. */
    private static long metric(ServiceProcess service, String name, String label) {
        String metrics = new Api(service.baseUrl()).get("/actuator/prometheus").raw();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> line.contains(label))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(0);
    }
}
