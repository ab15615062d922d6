package dev.wagateway.whatsapp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The circuit around every call to WhatsApp: a Resilience4j circuit breaker that the whatsapp-delivery route asks
 * for a permit before the call and tells the outcome after it. Only a configuration failure (no credentials,
 * 401/403, code 190, 368…) opens it, at once: calls then pause for {@code whatsapp.circuit-cooldown}, after which
 * one probe call decides. Transient and permanent failures are
 * the message's business, not the circuit's. Its state is logged on every change and shown in
 * {@code /actuator/health} under {@code whatsAppCircuit}.
 */
@Component("whatsAppCircuit")
public class WhatsAppCircuit implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppCircuit.class);

    private final CircuitBreaker breaker;
    private final WhatsAppProperties properties;
    private final GraphErrorClassifier classifier;
    private final AtomicReference<DeliveryFailure> lastConfigurationFailure = new AtomicReference<>();
    private final Semaphore probe = new Semaphore(1);
    /** A call got an answer that was not a configuration failure since the circuit last opened. */
    private volatile boolean verified;

    public WhatsAppCircuit(WhatsAppProperties properties, GraphErrorClassifier classifier) {
        this.properties = properties;
        this.classifier = classifier;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(1)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(100)
                .recordException(error -> classifier.classify(error).category() == FailureCategory.CONFIGURATION)
                .waitDurationInOpenState(properties.circuitCooldown())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build();
        this.breaker = CircuitBreaker.of("whatsapp", config);
        breaker.getEventPublisher()
                .onError(event -> lastConfigurationFailure.set(classifier.classify(event.getThrowable())))
                .onStateTransition(event -> logTransition(event.getStateTransition().getToState()));
    }

    /** Exchange property: this exchange holds a permission, so its outcome must be recorded. */
    static final String PERMIT = "whatsAppCircuitPermit";
    /** Exchange property: this exchange's call is the probe, the only call in flight until an answer. */
    static final String PROBE = "whatsAppCircuitProbe";

    /**
     * Before a call: throws {@link CallNotPermittedException} (CIRCUIT_OPEN) while the circuit is open. Until a
     * call has shown that the credentials work (at start-up, and after the circuit opened), calls go one at a time,
     * so a batch sent in parallel with a bad token costs one call, not one per thread.
     */
    public void permit(Exchange exchange) {
        if (!verified) {
            probe.acquireUninterruptibly();
            if (verified) {
                probe.release();
            } else {
                exchange.setProperty(PROBE, true);
            }
        }
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException closed) {
            releaseProbe(exchange);
            throw closed;
        }
        exchange.setProperty(PERMIT, System.nanoTime());
    }

    /** WhatsApp accepted the call. */
    public void recordSuccess(Exchange exchange) {
        Long started = exchange.getProperty(PERMIT, Long.class);
        if (started != null) {
            exchange.removeProperty(PERMIT);
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            verified = true;
        }
        releaseProbe(exchange);
    }

    /** A failed attempt: only a configuration failure counts against the circuit (see the config above). */
    public void recordFailure(Exchange exchange) {
        Long started = exchange.getProperty(PERMIT, Long.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (started != null && error != null) {
            exchange.removeProperty(PERMIT);
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, error);
            if (classifier.classify(error).category() != FailureCategory.CONFIGURATION) {
                verified = true; // WhatsApp took the credentials; the message itself was the problem
            }
        }
        releaseProbe(exchange);
    }

    private void releaseProbe(Exchange exchange) {
        if (exchange.removeProperty(PROBE) != null) {
            probe.release();
        }
    }

    /** The Resilience4j circuit breaker itself (metrics, manual transitions). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** Closes the circuit at once (after the credentials were fixed, say, or between tests). */
    public void reset() {
        breaker.reset();
        verified = false;
    }

    /** Open is not DOWN: the service still accepts and stores messages; it only holds them back. */
    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("credentialsConfigured", properties.configured());
        details.put("circuit", breaker.getState().name());
        details.put("cooldown", properties.circuitCooldown().toString());
        DeliveryFailure failure = lastConfigurationFailure.get();
        if (failure != null && breaker.getState() != CircuitBreaker.State.CLOSED) {
            details.put("lastConfigurationFailure", failure.code() + ": " + failure.message());
        }
        return Health.up().withDetails(details).build();
    }

    private void logTransition(CircuitBreaker.State to) {
        if (to != CircuitBreaker.State.CLOSED) {
            verified = false;
        }
        DeliveryFailure failure = lastConfigurationFailure.get();
        Duration cooldown = properties.circuitCooldown();
        switch (to) {
            case OPEN -> LOG.warn("WhatsApp circuit OPEN after a configuration failure ({}): calls to WhatsApp pause for"
                    + " {}; messages stay queued and no attempt is counted", describe(failure), cooldown);
            case HALF_OPEN -> LOG.info("WhatsApp circuit HALF_OPEN: the next call is a probe");
            case CLOSED -> LOG.info("WhatsApp circuit CLOSED: calls to WhatsApp resume");
            default -> LOG.info("WhatsApp circuit {}", to);
        }
    }

    private static String describe(DeliveryFailure failure) {
        return failure == null ? "unknown" : failure.code() + ": " + failure.message();
    }
}
