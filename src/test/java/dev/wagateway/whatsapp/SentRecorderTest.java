package dev.wagateway.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Acceptances recorded together ({@link SentRecorder}), against PostgreSQL: 400 recorded at once by 50 threads take
 * far fewer write transactions than 400 (PostgreSQL's next transaction id), and each call returns only once its own
 * row reads {@code sent} with its id, attempt counted and lease released.
 */
class SentRecorderTest extends IntegrationTest {

    @Autowired
    private SentRecorder recorder;

    @Test
    void many_acceptances_at_once_are_written_in_few_statements_and_each_is_committed_when_its_call_returns()
            throws Exception {
        String tenant = api.tenant("Recorder");
        String contact = api.contact(tenant, uniquePhone());
        jdbc.update("INSERT INTO conversations (id, tenant_id, contact_id, created_at) VALUES (gen_random_uuid(),"
                + " ?::uuid, ?::uuid, now()) ON CONFLICT DO NOTHING", tenant, contact);
        // leased and not due for an hour, as an immediate attempt leaves them: no poll takes them meanwhile
        List<UUID> ids = jdbc.queryForList("INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type,"
                + " content, status, lease_owner, lease_until, next_attempt_at, created_at, updated_at, expires_at)"
                + " SELECT gen_random_uuid(), c.tenant_id, c.id, c.contact_id, 'text', 'recorded-' || n, 'queued',"
                + " 'test-a', now() + interval '1 hour', now() + interval '1 hour', now(), now(),"
                + " now() + interval '1 day' FROM generate_series(1, 400) n, conversations c"
                + " WHERE c.tenant_id = ?::uuid AND c.contact_id = ?::uuid RETURNING id", UUID.class, tenant, contact);

        long xidBefore = nextTransactionId();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (UUID id : ids) {
            calls.add(threads.submit(() -> {
                start.await();
                recorder.record(id, "wamid." + id, Instant.now());
                // committed before the call returned: another connection sees it at once
                return jdbc.queryForObject("SELECT status || ' ' || external_message_id || ' ' || attempts || ' '"
                        + " || (lease_owner IS NULL) FROM messages WHERE id = ?", String.class, id);
            }));
        }
        start.countDown();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("sent wamid." + ids.get(i) + " 1 true");
        }
        threads.shutdown();
        long writes = nextTransactionId() - xidBefore;

        System.out.printf("%nSentRecorder: 400 acceptances from 50 threads in %d write transactions%n%n", writes);
        assertThat(writes).as("write transactions (the shared context's background ones included)")
                .isLessThan(200);
    }

    private long nextTransactionId() {
        return jdbc.queryForObject("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class);
    }
}
