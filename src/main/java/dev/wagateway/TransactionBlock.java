package dev.wagateway;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.apache.camel.support.processor.DelegateSyncProcessor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code policy: {ref: inTransaction, steps: [...]}}: the steps run in one Spring transaction that commits when the
 * block ends and rolls back if any step failed, whether or not the route's error handler then handled the failure.
 * <p>
 * The exchange is marked transacted while the block runs: Camel then runs the block's steps one after another on this
 * thread, inside the transaction. Unmarked, Camel's reactive engine may run them after {@code process} has returned,
 * each bean's and camel-jpa's statements then in transactions of their own (PostgreSQL saw four commits).
 * <p>
 * Camel's {@code transacted} would put its own TransactionErrorHandler in front of the route's: a failure would then
 * be "exhausted" there and never reach the api-errors route configuration that answers the caller in the envelope.
 */
@Component("inTransaction")
public class TransactionBlock implements Policy {

    private final TransactionTemplate template;

    public TransactionBlock(PlatformTransactionManager transactionManager) {
        this.template = new TransactionTemplate(transactionManager);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return new DelegateSyncProcessor(processor) {
            /** How Camel calls a step: DelegateSyncProcessor's own would call the steps directly, outside the block. */
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    process(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                callback.done(true);
                return true;
            }

            @Override
            public void process(Exchange exchange) {
                Object caughtBefore = exchange.getProperty(Exchange.EXCEPTION_CAUGHT);
                boolean transactedBefore = exchange.isTransacted();
                exchange.getExchangeExtension().setTransacted(true);
                try {
                    runInTransaction(exchange, caughtBefore);
                } finally {
                    exchange.getExchangeExtension().setTransacted(transactedBefore);
                }
            }

            private void runInTransaction(Exchange exchange, Object caughtBefore) {
                boolean[] failed = new boolean[1];
                try {
                    template.executeWithoutResult(status -> {
                        try {
                            processor.process(exchange);
                        } catch (Exception e) {
                            exchange.setException(e);
                        }
                        // failed, or failed and handled by the route's error handler (which records what it caught)
                        if (exchange.getException() != null
                                || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != caughtBefore) {
                            failed[0] = true;
                            status.setRollbackOnly();
                        }
                    });
                } catch (RuntimeException e) {
                    if (!failed[0]) {
                        throw e; // the commit failed: nothing is stored, and the route answers that
                    }
                    // the steps failed and the route has its answer; the rollback failing too (the connection broke
                    // with the database) writes nothing either, and must not replace that answer
                }
            }
        };
    }
}
