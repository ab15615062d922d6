package dev.wagateway.config;

import java.util.UUID;

import org.slf4j.MDC;

/**
 * The fields every log line about a message carries ({@code LOG_FORMAT=json}: JSON fields; text: the MDC). In the
 * routes they are exchange properties of these names, put in the MDC by camel-mdc
 * ({@code camel.mdc.custom-exchange-properties}); Java code outside an exchange uses {@link #about}.
 */
public final class LogFields {

    /** The gateway's message id (the exchange property the send and delivery routes set). */
    public static final String MESSAGE_ID = "messageId";
    /** The message's tenant (set by {@code ApiKeys.authenticate} and {@code OutgoingMessages.load}). */
    public static final String TENANT_ID = "tenantId";

    private LogFields() {
    }

    /** Both fields on this thread's log lines until closed. */
    public static MDC.MDCCloseable about(UUID messageId, UUID tenantId) {
        MDC.put(TENANT_ID, String.valueOf(tenantId));
        return MDC.putCloseable(MESSAGE_ID, String.valueOf(messageId));
    }
}
