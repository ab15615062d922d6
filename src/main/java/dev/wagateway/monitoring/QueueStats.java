package dev.wagateway.monitoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.wagateway.message.MessageStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The queue as operators see it over JMX (every status, the last minute), read from the database — the truth across
 * all instances — with one grouped query over the whole table, reused for {@code monitoring.cache} (a few seconds)
 * however often it is asked for, and run only when someone reads the MBean. Prometheus scrapes
 * {@link ClusterQueueMetrics} instead, which reads only the partial indexes of the queue.
 */
@Component
public class QueueStats {

    private static final String QUERY = "SELECT status,"
            + " CASE WHEN updated_at > now() - interval '1 minute' THEN last_error_code END,"
            + " count(*), min(GREATEST(created_at, scheduled_at)),"
            + " count(*) FILTER (WHERE sent_at > now() - interval '1 minute'),"
            + " count(*) FILTER (WHERE failed_at > now() - interval '1 minute')"
            + " FROM messages GROUP BY 1, 2";

    private final JdbcTemplate jdbc;
    private final Reused<QueueSnapshot> reused;

    public QueueStats(JdbcTemplate jdbc, Clock clock, MonitoringSettings settings) {
        this.jdbc = jdbc;
        this.reused = new Reused<>(clock, settings.cache(), this::read);
    }

    /** Every status a snapshot counts (with 0 when no message has it). */
    public List<String> snapshotStatuses() {
        return Arrays.stream(MessageStatus.values()).map(MessageStatus::value).toList();
    }

    public QueueSnapshot snapshot() {
        return reused.get();
    }

    private QueueSnapshot read(Instant now) {
        Map<String, Long> counts = new TreeMap<>();
        for (MessageStatus status : MessageStatus.values()) {
            counts.put(status.value(), 0L);
        }
        Map<String, Long> errors = new TreeMap<>();
        Instant[] oldestQueued = {null};
        long[] lastMinute = new long[3]; // sent, failed, retried
        jdbc.query(QUERY, rs -> {
            String status = rs.getString(1);
            String recentError = rs.getString(2);
            long count = rs.getLong(3);
            Timestamp oldest = rs.getTimestamp(4);
            counts.merge(status, count, Long::sum);
            lastMinute[0] += rs.getLong(5);
            lastMinute[1] += rs.getLong(6);
            if (recentError != null) {
                errors.merge(recentError, count, Long::sum);
                if ("queued".equals(status)) {
                    lastMinute[2] += count;
                }
            }
            if ("queued".equals(status) && oldest != null
                    && (oldestQueued[0] == null || oldest.toInstant().isBefore(oldestQueued[0]))) {
                oldestQueued[0] = oldest.toInstant();
            }
        });
        long age = oldestQueued[0] == null ? 0 : Math.max(0, Duration.between(oldestQueued[0], now).toSeconds());
        return new QueueSnapshot(now, Map.copyOf(counts), age, lastMinute[0], lastMinute[1], lastMinute[2],
                Map.copyOf(errors));
    }
}
