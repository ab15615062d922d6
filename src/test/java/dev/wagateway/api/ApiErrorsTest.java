package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class ApiErrorsTest {

    @Test
    void apiExceptionIsReturnedAsItIs() {
        ApiException thrown = new ApiException(ErrorCode.TENANT_NOT_FOUND, "Tenant not found");

        assertThat(ApiErrors.classify(thrown)).isSameAs(thrown);
    }

    @Test
    void apiExceptionWrappedAsCauseIsFound() {
        ApiException thrown = new ApiException(ErrorCode.CONTACT_NOT_FOUND, "Contact not found");
        RuntimeException wrapper = new RuntimeException("route failed", new IllegalStateException("inner", thrown));

        assertThat(ApiErrors.classify(wrapper)).isSameAs(thrown);
    }

    @Test
    void jsonParseErrorIsValidationError() {
        ApiException error = ApiErrors.classify(new JsonParseException((JsonParser) null, "Unexpected character ('}')"));

        assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(error.getMessage()).doesNotContain("Unexpected character");
    }

    @Test
    void jsonErrorDeepInACauseChainIsOursNotTheCallers() {
        // e.g. Hibernate failing to read a jsonb column: not a bad request
        RuntimeException wrapper = new RuntimeException(new JsonParseException((JsonParser) null, "bad json"));

        assertThat(ApiErrors.classify(wrapper).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void unexpectedExceptionIsInternalErrorWithoutDetails() {
        ApiException error = ApiErrors.classify(new RuntimeException("SELECT * FROM secret"));

        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(error.getMessage()).isEqualTo("Internal error")
                .doesNotContain("SELECT")
                .doesNotContain("secret")
                .doesNotContain("RuntimeException");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databaseOutages")
    void aDatabaseOutageIsServiceUnavailableWithRetryAfter(String name, Throwable thrown) {
        ApiException error = ApiErrors.classify(new RuntimeException("route failed", thrown));

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.code().httpStatus()).isEqualTo(503);
        assertThat(error.retryAfterSeconds()).isPositive();
        assertThat(error.getMessage()).doesNotContain("Connection").doesNotContain("jdbc");
    }

    static Stream<Arguments> databaseOutages() {
        return Stream.of(
                Arguments.of("no pooled connection in time (Hikari)",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")),
                Arguments.of("Spring: cannot get a connection",
                        new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")),
                Arguments.of("connection broke (SQLSTATE 08006)", new SQLException("An I/O error occurred", "08006")),
                Arguments.of("server shutting down (SQLSTATE 57P01)", new SQLException("terminating", "57P01")),
                Arguments.of("rollback on a closed connection (no SQLSTATE)", new org.hibernate.TransactionException(
                        "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))));
    }

    @Test
    void otherSqlErrorsStayInternal() {
        // a syntax error (42601) is our bug, not an outage
        assertThat(ApiErrors.classify(new SQLException("syntax error", "42601")).code())
                .isEqualTo(ErrorCode.INTERNAL_ERROR);
    }
}
