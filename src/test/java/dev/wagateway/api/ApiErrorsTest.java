package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;

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
}
