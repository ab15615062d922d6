package dev.wagateway.whatsapp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Our own limiter ({@link WhatsAppThrottle}) on this instance: {@code whatsapp_throttle_wait_seconds}, how long each
 * call that got its turn waited for it (0 when it had one at once), and {@code whatsapp_throttle_deferrals_total{code}}
 * — messages put back instead of sent: {@code RATE_LIMIT} (the number's limit), {@code PAIR_RATE_LIMIT} (one
 * recipient's pacing), {@code RATE_LIMIT_UNAVAILABLE} (the shared bucket out of reach).
 */
@Component
public class ThrottleMetrics {

    private final MeterRegistry meters;
    private final Timer wait;
    private final Map<String, Counter> deferrals = new ConcurrentHashMap<>();

    public ThrottleMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.wait = Timer.builder("whatsapp.throttle.wait")
                .description("Time a call to WhatsApp waited for its turn under the number's rate limit")
                .register(meters);
    }

    /** Not published anywhere (the limiter's own tests). */
    static ThrottleMetrics unpublished() {
        return new ThrottleMetrics(new SimpleMeterRegistry());
    }

    void waited(long nanos) {
        wait.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    void deferred(String code) {
        deferrals.computeIfAbsent(code, key -> Counter.builder("whatsapp.throttle.deferrals")
                .description("Messages our own limiter put back in the queue instead of sending them, by code")
                .tag("code", key).register(meters)).increment();
    }
}
