package dev.wagateway.redelivery;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The messages this instance holds a lease on, when it starts and when it stops: claimed ones ({@code sending}) and
 * {@code POST /messages/send} immediate attempts ({@code queued}, leased). Each goes back to the queue, due at once,
 * marked {@code metadata.possible_duplicate}: a call for it may have reached WhatsApp, and whoever reads the message
 * should know it may have arrived twice.
 */
@Component("ownLeases")
public class OwnLeases {

    private static final Logger LOG = LoggerFactory.getLogger(OwnLeases.class);
    private static final String RELEASE = "UPDATE messages SET status = 'queued', lease_until = NULL,"
            + " lease_owner = NULL, next_attempt_at = now(), updated_at = now(),"
            + " metadata = metadata || '{\"possible_duplicate\": true}'::jsonb"
            + " WHERE status IN ('sending', 'queued') AND lease_owner = ? AND updated_at < ?";

    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final RedeliverySettings settings;

    public OwnLeases(JdbcTemplate jdbc, RedeliverySettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * At start-up (the redelivery-startup route): what this instance left leased when it last stopped (it died
     * mid-call), not what it leased since it started (a send answered in the first milliseconds).
     */
    public int releaseLeftBehind() {
        return release(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    /** This instance's leases on messages last changed before {@code changedBefore}; how many. */
    private int release(Instant changedBefore) {
        return jdbc.update(RELEASE, settings.instanceId(), Timestamp.from(changedBefore));
    }

    /**
     * At shutdown, once Camel has stopped (it waits for in-flight sends; Spring destroys beans after that): a lease
     * still held belongs to a send Camel gave up waiting for. Without the database the lease runs out by itself.
     */
    @PreDestroy
    public void releaseAtShutdown() {
        try {
            // every lease still held: the margin covers a database clock ahead of ours (claims stamp now() there)
            int released = release(Instant.now().plus(CLOCK_MARGIN));
            if (released > 0) {
                LOG.warn("Stopping: {} message(s) still leased to this instance are queued again (possible duplicates)",
                        released);
            } else {
                LOG.info("Stopping: no message left mid-send");
            }
        } catch (DataAccessException e) {
            LOG.warn("Stopping without the database: this instance's leases run out by themselves within {}",
                    settings.lease());
        }
    }
}
