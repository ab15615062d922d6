package dev.wagateway.whatsapp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The circuits around calls to WhatsApp, one per sender ({@link SenderCircuit}): the global number's, and one for
 * each tenant number in use, so one tenant's revoked token pauses that tenant's sends only. The whatsapp-delivery
 * route asks for a permit before the call (after {@code resolve-sender}) and tells the outcome after it. States are
 * logged on every change and shown in {@code /actuator/health} under {@code whatsAppCircuit}.
 */
@Component("whatsAppCircuit")
public class WhatsAppCircuit implements HealthIndicator {

    private final WhatsAppProperties properties;
    private final GraphErrorClassifier classifier;
    private final SenderCircuit global;
    private final Map<String, SenderCircuit> tenantNumbers = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry registry;

    public WhatsAppCircuit(WhatsAppProperties properties, GraphErrorClassifier classifier,
            CircuitBreakerRegistry registry) {
        this.properties = properties;
        this.classifier = classifier;
        this.registry = registry;
        this.global = new SenderCircuit("global", "the global number", properties.circuitCooldown(), classifier,
                registry);
    }

    /** Before a call for {@code sender}: its circuit's leave for one call; CIRCUIT_OPEN while the circuit is open. */
    public CircuitPermit permit(Sender sender) {
        return circuit(sender).permit();
    }

    /** WhatsApp accepted the call made with {@code permit}. */
    public void recordSuccess(CircuitPermit permit) {
        permit.circuit().recordSuccess(permit);
    }

    /**
     * The call made with {@code permit} failed with {@code error}: only a configuration failure counts against the
     * circuit. No permit (the attempt failed before it asked for one): nothing to record.
     */
    public void recordFailure(CircuitPermit permit, Throwable error) {
        if (permit != null && error != null) {
            permit.circuit().recordFailure(permit, error);
        }
    }

    private SenderCircuit circuit(Sender sender) {
        return !sender.tenantNumber() ? global : tenantNumbers.computeIfAbsent(sender.phoneNumberId(),
                id -> new SenderCircuit("phone-number-id-" + id, "phone number id " + id,
                        properties.circuitCooldown(), classifier, registry));
    }

    /** The global number's Resilience4j circuit breaker (metrics, manual transitions). */
    public CircuitBreaker breaker() {
        return global.breaker();
    }

    /** The global number's circuit. */
    public CircuitBreaker.State state() {
        return global.state();
    }

    /**
     * What the redelivery poll may do: CLOSED if any sender's circuit is closed (messages of a sender whose circuit
     * is open are put back as CIRCUIT_OPEN, not counted), else HALF_OPEN if any is, else OPEN.
     */
    public CircuitBreaker.State pollState() {
        CircuitBreaker.State best = global.state();
        for (SenderCircuit circuit : tenantNumbers.values()) {
            CircuitBreaker.State state = circuit.state();
            if (state == CircuitBreaker.State.CLOSED || best != CircuitBreaker.State.CLOSED
                    && state == CircuitBreaker.State.HALF_OPEN) {
                best = state;
            }
        }
        return best;
    }

    /**
     * Closes every circuit at once (after the credentials were fixed, say, or between tests): the global one, and the
     * tenant numbers' are dropped (they are made again, closed, at their next call).
     */
    public void reset() {
        global.reset();
        tenantNumbers.keySet().forEach(id -> registry.remove("phone-number-id-" + id));
        tenantNumbers.clear();
    }

    /** Open is not DOWN: the service still accepts and stores messages; it only holds them back. */
    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("credentialsConfigured", properties.configured());
        details.put("circuit", global.state().name());
        details.put("cooldown", properties.circuitCooldown().toString());
        if (global.openBecause() != null) {
            details.put("lastConfigurationFailure", global.openBecause());
        }
        // health is open to anyone: a count, not which tenants' numbers
        details.put("tenantCircuitsNotClosed", tenantNumbers.values().stream()
                .filter(circuit -> circuit.state() != CircuitBreaker.State.CLOSED).count());
        return Health.up().withDetails(details).build();
    }
}
