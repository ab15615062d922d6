package dev.wagateway.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCacheException;
import org.hibernate.TransactionException;
import org.hibernate.exception.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Turns whatever an API route threw into the contract's error envelope and HTTP status. The caller never sees a
 * stack trace, a class name or SQL: an unexpected exception is logged here and answered as INTERNAL_ERROR.
 */
@Component("apiErrors")
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    static final String CONTACT_UNIQUE_CONSTRAINT = "uq_contacts_tenant_phone";
    static final String PHONE_NUMBER_ID_UNIQUE_CONSTRAINT = "uq_tenants_whatsapp_phone_number_id";
    /** The one response header an error keeps besides its status (see api-errors in rest-api.camel.yaml). */
    public static final String RETRY_AFTER = "Retry-After";
    /** How long a caller is asked to wait when the database cannot be reached. */
    static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    /** Called from the api-errors route configuration: sets the response code header and returns the envelope. */
    public Envelope toResponse(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException error = classify(caught);
        if (error.code() == ErrorCode.INTERNAL_ERROR) {
            // the operation's route (every call comes from the one rest-api route)
            String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class);
            LOG.error("Unexpected error in route {}", route, caught);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.code().httpStatus());
        if (error.retryAfterSeconds() != null) {
            exchange.getMessage().setHeader(RETRY_AFTER, error.retryAfterSeconds());
        }
        return Envelope.error(error.code(), error.getMessage());
    }

    static ApiException classify(Throwable caught) {
        // What reading the request can throw counts only when a route step threw it itself: the same exception
        // types deeper in a cause chain (Hibernate reading a jsonb column, say) are our failure, not the caller's.
        if (caught instanceof NoTypeConversionAvailableException conversion && conversion.getValue() == null) {
            return ApiException.validation("Request body is required");
        }
        if (caught instanceof StreamCacheException) {
            // the first thing a REST route does is read the request body: bytes that are not UTF-8 end here
            return ApiException.validation("Request body could not be read as UTF-8 text");
        }
        if (caught instanceof JsonProcessingException) {
            return ApiException.validation("Request body is not valid JSON of the expected shape");
        }
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (isDatabaseUnreachable(t)) {
                return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "The service cannot reach its database; nothing was stored. Try again shortly",
                        DATABASE_RETRY_AFTER_SECONDS);
            }
            if (t instanceof ConstraintViolationException cve && cve.getConstraintName() != null) {
                // Two requests raced past an existence check: the database's unique key decides.
                String constraint = cve.getConstraintName().toLowerCase(Locale.ROOT);
                if (constraint.contains(CONTACT_UNIQUE_CONSTRAINT)) {
                    return new ApiException(ErrorCode.CONTACT_EXISTS,
                            "A contact with this phone already exists for the tenant");
                }
                if (constraint.contains(PHONE_NUMBER_ID_UNIQUE_CONSTRAINT)) {
                    return new ApiException(ErrorCode.PHONE_NUMBER_ID_IN_USE, "phoneNumberId is already in use");
                }
            }
        }
        return new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error");
    }

    /**
     * The database is out of reach: no connection to be had (Hikari's wait ran out: SQLTransientConnectionException),
     * the connection broke (SQLSTATE class 08, or 57P01-57P03 when the server shuts down or is starting), or a
     * transaction could not even be rolled back or committed on it (Hibernate's TransactionException over a
     * SQLException: Hikari's "Connection is closed" carries no SQLSTATE).
     */
    private static boolean isDatabaseUnreachable(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof CannotGetJdbcConnectionException
                || t instanceof TransactionException && t.getCause() instanceof SQLException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("57P0");
        }
        return false;
    }
}
