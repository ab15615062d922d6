package dev.wagateway.whatsapp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
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

    /** Exchange property: the key of the circuit this exchange's call went through. */
    static final String CIRCUIT = "whatsAppCircuit";

    private final WhatsAppProperties properties;
    private final GraphErrorClassifier classifier;
    private final SenderCircuit global;
    private final Map<String, SenderCircuit> tenantNumbers = new ConcurrentHashMap<>();

    public WhatsAppCircuit(WhatsAppProperties properties, GraphErrorClassifier classifier) {
        this.properties = properties;
        this.classifier = classifier;
        this.global = new SenderCircuit("the global number", properties.circuitCooldown(), classifier);
    }

    /** Before a call for {@code sender}: CIRCUIT_OPEN while its circuit is open. */
    public void permit(Sender sender, Exchange exchange) {
        exchange.setProperty(CIRCUIT, sender.tenantNumber() ? sender.phoneNumberId() : null);
        circuit(exchange).permit(exchange);
    }

    /** WhatsApp accepted the call. */
    public void recordSuccess(Exchange exchange) {
        circuit(exchange).recordSuccess(exchange);
    }

    /** A failed attempt: only a configuration failure counts against the circuit. */
    public void recordFailure(Exchange exchange) {
        circuit(exchange).recordFailure(exchange);
    }

    private SenderCircuit circuit(Exchange exchange) {
        String key = exchange.getProperty(CIRCUIT, String.class);
        return key == null ? global : tenantNumbers.computeIfAbsent(key, id -> new SenderCircuit(
                "phone number id " + id, properties.circuitCooldown(), classifier));
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
