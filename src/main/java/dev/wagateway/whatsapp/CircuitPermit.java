package dev.wagateway.whatsapp;

/**
 * Leave to make one call through a sender's circuit ({@link WhatsAppCircuit#permit}): which circuit, when it was
 * given, and whether the call is the circuit's probe (the only call in flight until it is answered). The
 * whatsapp-delivery route keeps it as the exchange property {@code circuitPermit} and hands it back with the outcome,
 * once: {@link WhatsAppCircuit#recordSuccess} or {@link WhatsAppCircuit#recordFailure}.
 */
public final class CircuitPermit {

    private final SenderCircuit circuit;
    private final long givenAt;
    private final boolean probe;
    private boolean returned;

    CircuitPermit(SenderCircuit circuit, long givenAt, boolean probe) {
        this.circuit = circuit;
        this.givenAt = givenAt;
        this.probe = probe;
    }

    SenderCircuit circuit() {
        return circuit;
    }

    /** Nanoseconds since it was given ({@link System#nanoTime()}). */
    long age() {
        return System.nanoTime() - givenAt;
    }

    boolean probe() {
        return probe;
    }

    /** True the first time only: an outcome is recorded once. */
    boolean returnOnce() {
        if (returned) {
            return false;
        }
        returned = true;
        return true;
    }
}
