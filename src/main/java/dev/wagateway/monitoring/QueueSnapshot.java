package dev.wagateway.monitoring;

import java.time.Instant;
import java.util.Map;

/**
 * The message queue at one moment, from one grouped query: messages by status, the oldest queued one, and what
 * happened in the last minute (sent, failed, requeued after a failure, and the error codes).
 */
public record QueueSnapshot(Instant takenAt, Map<String, Long> countsByStatus, long oldestQueuedAgeSeconds,
        long sentLastMinute, long failedLastMinute, long retriedLastMinute, Map<String, Long> errorsLastMinute) {

    public long count(String status) {
        return countsByStatus.getOrDefault(status, 0L);
    }
}
