package dev.wagateway.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What the webhook events this instance processed carried: {@code webhook_events_total{kind}}, counted once the
 * event's processing is committed — {@code message} per inbound message, {@code status} per delivery status,
 * {@code other} for an event with neither; {@code failed} for an event given up after its attempts (or not JSON).
 */
@Component
public class WebhookMetrics {

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void processed(int messages, int statuses) {
        count("message", messages);
        count("status", statuses);
        if (messages == 0 && statuses == 0) {
            count("other", 1);
        }
    }

    void failed() {
        count("failed", 1);
    }

    private void count(String kind, int amount) {
        if (amount > 0) {
            counters.computeIfAbsent(kind, key -> Counter.builder("webhook.events")
                    .description("Webhook events processed, by what they carried").tag("kind", key).register(meters))
                    .increment(amount);
        }
    }
}
