package dev.wagateway.redelivery;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Messages this instance claimed for redelivery and is sending now ({@code whatsapp_redelivery_claims_in_flight},
 * per instance: a sum over instances is the cluster's): a claimed batch counts from the claim until its split ends
 * (the redelivery route's {@code count-claims} and {@code release-claims} steps).
 */
@Component("claimsInFlight")
public class ClaimsInFlight {

    private final AtomicLong inFlight = new AtomicLong();

    public ClaimsInFlight(MeterRegistry meters) {
        Gauge.builder("whatsapp.redelivery.claims.in.flight", inFlight, AtomicLong::get)
                .description("Messages this instance claimed for redelivery and has not finished yet").register(meters);
    }

    public void claimed(int count) {
        inFlight.addAndGet(count);
    }

    public void released(int count) {
        inFlight.addAndGet(-count);
    }

    public long count() {
        return inFlight.get();
    }
}
