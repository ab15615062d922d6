package dev.wagateway.redelivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.wagateway.whatsapp.DeliverySwitch;
import dev.wagateway.whatsapp.WhatsAppCircuit;
import dev.wagateway.whatsapp.WhatsAppProperties;
import dev.wagateway.whatsapp.WhatsAppThrottle;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/** What one poll of the redelivery route may take on: how many messages, and until when. */
@Component("redeliveryGate")
public class RedeliveryGate {

    private final RedeliverySettings settings;
    private final WhatsAppCircuit circuit;
    private final DeliverySwitch deliverySwitch;
    private final Duration callBound;
    private final WhatsAppThrottle throttle;
    private final WhatsAppProperties whatsApp;
    private final Clock clock;
    private final CamelContext camel;

    public RedeliveryGate(RedeliverySettings settings, WhatsAppCircuit circuit, DeliverySwitch deliverySwitch,
            WhatsAppProperties whatsApp, WhatsAppThrottle throttle, Clock clock, CamelContext camel) {
        this.camel = camel;
        this.throttle = throttle;
        this.whatsApp = whatsApp;
        this.settings = settings;
        this.circuit = circuit;
        this.deliverySwitch = deliverySwitch;
        // connect + response timeout: the longest one call to WhatsApp can take
        this.callBound = Duration.ofMillis(2 * whatsApp.timeoutMs());
        this.clock = clock;
    }

    /**
     * Messages to claim now: none while the service stops (the poll sends what it holds and ends), while the delivery
     * route is suspended (the kill-switch) or the circuit is open, one probe while it is half-open, else a batch, no
     * larger than the rate limit serves within its wait.
     */
    public int batchSize() {
        if (camel.isStopping() || camel.isStopped() || !deliverySwitch.isOn()) {
            return 0;
        }
        return switch (circuit.pollState()) {
            case OPEN, FORCED_OPEN -> 0;
            case HALF_OPEN -> 1;
            // no more than the global number's rate limit lets through within its wait: the rest would only be
            // deferred and claimed again
            default -> (int) Math.min(settings.batchSize(), throttle.headroom(whatsApp.phoneNumberId()));
        };
    }

    /** The claim's lease, in whole seconds, for the SQL. */
    public long leaseSeconds() {
        return Math.max(1, settings.lease().toSeconds());
    }

    /** Owner name of this instance's leases. */
    public String instanceId() {
        return settings.instanceId();
    }

    /**
     * Whether a call started now, for a message claimed at {@code claimedAt}, could outlast its lease. If so the
     * message is left alone: when its lease runs out a poll (here or elsewhere) claims it again, so it is never sent
     * by two instances at once.
     */
    public boolean leaseRunningOut(Instant claimedAt) {
        return !clock.instant().plus(callBound).isBefore(claimedAt.plus(settings.lease()));
    }
}
