package dev.wagateway.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What this instance's delivery attempts did, for Prometheus: {@code whatsapp_sends_total{outcome, code}} (outcome
 * {@code sent}, {@code queued} — stays queued for another attempt — or {@code failed}; code: WhatsApp's or our error
 * code, {@code none} when sent), counted once the outcome is committed; and
 * {@code whatsapp_message_time_to_sent_seconds}, from a message's creation (its scheduled time, if later) to
 * WhatsApp's acceptance. Deferrals by our own limiter are not attempts: {@link ThrottleMetrics} counts them.
 */
@Component
public class SendMetrics {

    /** The code of an attempt that needs none (sent). */
    public static final String NO_CODE = "none";

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer timeToSent;

    public SendMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.timeToSent = Timer.builder("whatsapp.message.time.to.sent")
                .description("From a message's creation (or scheduled time) to WhatsApp's acceptance")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1)).register(meters);
    }

    /** An attempt WhatsApp accepted (recorded already). */
    public void sent() {
        counter("sent", NO_CODE).increment();
    }

    /** An attempt that failed: the message stays {@code queued} for another, or is {@code failed}; once committed. */
    public void attempted(boolean failed, String code) {
        Counter counter = counter(failed ? "failed" : "queued", code == null ? NO_CODE : code);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    counter.increment();
                }
            });
        } else {
            counter.increment();
        }
    }

    /** A message due at {@code due} was recorded sent at {@code sentAt}. */
    public void timeToSent(Instant due, Instant sentAt) {
        timeToSent.record(Duration.between(due, sentAt).isNegative() ? Duration.ZERO : Duration.between(due, sentAt));
    }

    private Counter counter(String outcome, String code) {
        return counters.computeIfAbsent(outcome + " " + code, key -> Counter.builder("whatsapp.sends")
                .description("Delivery attempts by outcome (sent, queued again, failed) and error code")
                .tag("outcome", outcome).tag("code", code).register(meters));
    }
}
