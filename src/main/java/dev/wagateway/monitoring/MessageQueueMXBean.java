package dev.wagateway.monitoring;

import java.util.Map;

/**
 * {@code whatsapp-gateway:type=MessageQueue}: the message queue for JConsole, VisualVM or hawtio. Values come from
 * the database (all instances), at most {@code monitoring.cache} old.
 */
public interface MessageQueueMXBean {

    /** Messages by status: queued, sending, sent, delivered, read, failed, cancelled, received (inbound). */
    Map<String, Long> getCountsByStatus();

    long getQueued();

    long getSending();

    long getFailed();

    /** Age of the oldest queued message, in seconds (0 when none is queued). */
    long getOldestQueuedAgeSeconds();

    /** Messages WhatsApp accepted in the last minute. */
    long getSentLastMinute();

    /** Messages that became failed in the last minute. */
    long getFailedLastMinute();

    /** Messages queued again after a failure in the last minute. */
    long getRetriedLastMinute();

    /** Last errors recorded in the last minute, by code (Graph codes, HTTP_503, TIMEOUT, CIRCUIT_OPEN...). */
    Map<String, Long> getErrorsLastMinuteByCode();

    /** The WhatsApp circuit: CLOSED, OPEN or HALF_OPEN. */
    String getCircuitState();

    /** Whether the whatsapp-delivery route runs (false: the kill-switch is on, nothing is sent). */
    boolean isDeliveryRunning();
}
