package dev.wagateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.SimpleTransactionStatus;

/** The {@code inTransaction} policy of the send route's store step, against the real database. */
class TransactionBlockTest extends IntegrationTest {

    @Autowired
    private TransactionBlock inTransaction;

    private void run(Processor steps) throws Exception {
        Exchange exchange = new DefaultExchange(camelContext);
        inTransaction.wrap(null, steps).process(exchange);
    }

    private Processor insertTenant(UUID id) {
        return exchange -> jdbc.update("INSERT INTO tenants (id, name, created_at) VALUES (?, 'tx', now())", id);
    }

    private boolean exists(UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM tenants WHERE id = ?", Long.class, id) == 1;
    }

    @Test
    void commits_when_the_steps_succeed() throws Exception {
        UUID id = UUID.randomUUID();
        run(insertTenant(id));
        assertThat(exists(id)).isTrue();
    }

    @Test
    void rolls_back_every_write_when_a_later_step_throws() throws Exception {
        UUID id = UUID.randomUUID();
        Exchange exchange = new DefaultExchange(camelContext);
        inTransaction.wrap(null, e -> {
            insertTenant(id).process(e);
            throw new IllegalStateException("a later step failed");
        }).process(exchange);
        assertThat(exists(id)).isFalse();
        assertThat(exchange.getException()).hasMessage("a later step failed");
    }

    @Test
    void rolls_back_when_the_error_handler_handled_a_failure_inside_the_block() throws Exception {
        UUID id = UUID.randomUUID();
        run(e -> {
            insertTenant(id).process(e);
            // what onException with handled=true leaves: no exception, but the caught one recorded
            e.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("handled"));
        });
        assertThat(exists(id)).isFalse();
    }

    /** As Camel runs a route's step: the asynchronous entry point must run the block too (it once bypassed it). */
    @Test
    void camels_asynchronous_entry_point_runs_the_steps_in_the_transaction() {
        UUID id = UUID.randomUUID();
        Exchange exchange = new DefaultExchange(camelContext);
        AsyncProcessor block = (AsyncProcessor) inTransaction.wrap(null, e -> {
            insertTenant(id).process(e);
            throw new IllegalStateException("a later step failed");
        });
        boolean[] done = new boolean[1];
        block.process(exchange, doneSync -> done[0] = true);
        assertThat(done[0]).isTrue();
        assertThat(exists(id)).as("rolled back").isFalse();
        assertThat(exchange.getException()).hasMessage("a later step failed");
    }

    /**
     * The database went away while the steps ran: they failed and the route's error handler answered (503), then the
     * rollback failed too. That second failure must not replace the answer (it once surfaced as an empty 500).
     */
    @Test
    void a_rollback_that_fails_after_a_failed_step_leaves_the_steps_failure_as_it_was() throws Exception {
        PlatformTransactionManager brokenConnection = new PlatformTransactionManager() {
            @Override
            public TransactionStatus getTransaction(TransactionDefinition definition) {
                return new SimpleTransactionStatus();
            }

            @Override
            public void commit(TransactionStatus status) {
                throw new TransactionSystemException("connection broke");
            }

            @Override
            public void rollback(TransactionStatus status) {
                throw new TransactionSystemException("connection broke");
            }
        };
        Exchange handled = new DefaultExchange(camelContext);
        new TransactionBlock(brokenConnection).wrap(null, e -> e.setProperty(Exchange.EXCEPTION_CAUGHT,
                new IllegalStateException("answered 503"))).process(handled);
        assertThat(handled.getException()).isNull();

        Exchange thrown = new DefaultExchange(camelContext);
        new TransactionBlock(brokenConnection).wrap(null, e -> {
            throw new IllegalStateException("the step's own failure");
        }).process(thrown);
        assertThat(thrown.getException()).hasMessage("the step's own failure");

        // a commit that fails after the steps succeeded is the block's failure: nothing was stored
        Exchange committed = new DefaultExchange(camelContext);
        assertThatThrownBy(() -> new TransactionBlock(brokenConnection).wrap(null, e -> { }).process(committed))
                .isInstanceOf(TransactionSystemException.class);
    }

    @Test
    void an_exception_handled_before_the_block_does_not_roll_it_back() throws Exception {
        UUID id = UUID.randomUUID();
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("earlier, elsewhere"));
        inTransaction.wrap(null, insertTenant(id)).process(exchange);
        assertThat(exists(id)).isTrue();
    }
}
