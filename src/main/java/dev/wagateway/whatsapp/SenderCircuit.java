package dev.wagateway.whatsapp;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit of one sender (the global number, or a tenant's own): a Resilience4j circuit breaker that only a
 * configuration failure (no credentials, 401/403, code 190, 368…) opens, at once; calls then pause for the
 * cool-down, after which one probe call decides. Until a call has shown that the credentials work (at start-up,
 * and after the circuit opened), calls go one at a time, so a batch sent in parallel with a bad token costs one call.
 */
final class SenderCircuit {

    private static final Logger LOG = LoggerFactory.getLogger(SenderCircuit.class);
    private final String label;
    private final CircuitBreaker breaker;
    private final GraphErrorClassifier classifier;
    private final Duration cooldown;
    private final AtomicReference<DeliveryFailure> lastConfigurationFailure = new AtomicReference<>();
    private final Semaphore probe = new Semaphore(1);
    /** A call got an answer that was not a configuration failure since the circuit last opened. */
    private volatile boolean verified;

    /**
     * {@code name}: its breaker's in {@code registry} (and in the metrics); {@code label}: how log lines call it. A
     * breaker of that name left in the registry (a circuit dropped by {@link WhatsAppCircuit#reset}) is replaced.
     */
    SenderCircuit(String name, String label, Duration cooldown, GraphErrorClassifier classifier,
            CircuitBreakerRegistry registry) {
        this.label = label;
        this.classifier = classifier;
        this.cooldown = cooldown;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(1)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(100)
                .recordException(error -> classifier.classify(error).category() == FailureCategory.CONFIGURATION)
                .waitDurationInOpenState(cooldown)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build();
        registry.remove(name);
        this.breaker = registry.circuitBreaker(name, config);
        breaker.getEventPublisher()
                .onError(event -> lastConfigurationFailure.set(classifier.classify(event.getThrowable())))
                .onStateTransition(event -> logTransition(event.getStateTransition().getToState()));
    }

    /** Before a call: throws {@link CallNotPermittedException} (CIRCUIT_OPEN) while the circuit is open. */
    CircuitPermit permit() {
        boolean isProbe = false;
        if (!verified) {
            probe.acquireUninterruptibly();
            if (verified) {
                probe.release();
            } else {
                isProbe = true;
            }
        }
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException closed) {
            if (isProbe) {
                probe.release();
            }
            throw closed;
        }
        return new CircuitPermit(this, System.nanoTime(), isProbe);
    }

    void recordSuccess(CircuitPermit permit) {
        if (permit.returnOnce()) {
            breaker.onSuccess(permit.age(), TimeUnit.NANOSECONDS);
            verified = true;
            releaseProbe(permit);
        }
    }

    void recordFailure(CircuitPermit permit, Throwable error) {
        if (permit.returnOnce()) {
            FailureCategory category = classifier.classify(error).category();
            if (category == FailureCategory.DEFERRED) {
                // our own limiter held the call back: no call was made, nothing to learn about the credentials
                breaker.releasePermission();
            } else {
                breaker.onError(permit.age(), TimeUnit.NANOSECONDS, error);
                if (category != FailureCategory.CONFIGURATION) {
                    verified = true; // WhatsApp took the credentials; the message itself was the problem
                }
            }
            releaseProbe(permit);
        }
    }

    private void releaseProbe(CircuitPermit permit) {
        if (permit.probe()) {
            probe.release();
        }
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    void reset() {
        breaker.reset();
        verified = false;
    }

    /** The last configuration failure while the circuit is not closed, else null. */
    String openBecause() {
        DeliveryFailure failure = lastConfigurationFailure.get();
        return failure == null || breaker.getState() == CircuitBreaker.State.CLOSED ? null : describe(failure);
    }

    private void logTransition(CircuitBreaker.State to) {
        if (to != CircuitBreaker.State.CLOSED) {
            verified = false;
        }
        switch (to) {
            case OPEN -> LOG.warn("WhatsApp circuit of {} OPEN after a configuration failure ({}): its calls pause for"
                    + " {}; its messages stay queued and no attempt is counted", label,
                    describe(lastConfigurationFailure.get()), cooldown);
            case HALF_OPEN -> LOG.info("WhatsApp circuit of {} HALF_OPEN: the next call is a probe", label);
            case CLOSED -> LOG.info("WhatsApp circuit of {} CLOSED: calls resume", label);
            default -> LOG.info("WhatsApp circuit of {} {}", label, to);
        }
    }

    private static String describe(DeliveryFailure failure) {
        return failure == null ? "unknown" : failure.code() + ": " + failure.message();
    }
}
