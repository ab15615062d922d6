package dev.wagateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The contract check itself, on fabricated exchanges (no service, no Spring context): each of its three rules fails
 * what it should, and answers that keep the contract pass, hostile requests with them included.
 */
class ContractCheckTest {

    private static final String ID = "7f9c2a4e-1b3d-4c5e-8f60-718293a4b5c6";
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final ContractCheck CHECK = ContractCheck.get();

    private static ContractCheck.Exchange exchange(String method, String target, String requestBody, int status,
            Map<String, List<String>> responseHeaders, String responseBody) {
        return new ContractCheck.Exchange(method, target, requestBody == null ? Map.of() : JSON,
                requestBody == null ? null : requestBody.getBytes(StandardCharsets.UTF_8), status, responseHeaders,
                responseBody);
    }

    private static ContractCheck.Exchange answered(String method, String target, int status, String responseBody) {
        return exchange(method, target, null, status, JSON, responseBody);
    }

    /** A contact as getContact and createContact answer it. */
    private static final String CONTACT = "{\"success\":true,\"data\":{\"id\":\"" + ID + "\",\"tenant_id\":\""
            + ID + "\",\"name\":\"Asha\",\"phone\":\"+919876543210\",\"created_at\":\"2025-01-01T10:00:00Z\",\"opted_out_at\":null}}";

    /** A tenant as clearTenantNumber answers it. */
    private static final String TENANT = "{\"success\":true,\"data\":{\"id\":\"" + ID
            + "\",\"name\":\"Acme\",\"created_at\":\"2025-01-01T10:00:00Z\"}}";

    private static String error(String code) {
        return "{\"success\":false,\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}";
    }

    /** The rule the exchange breaks, with the operation it matched: "none" when it breaks none. */
    private static String rule(ContractCheck.Exchange exchange) {
        return CHECK.violation(exchange).map(v -> v.rule() + (v.operation() == null ? "" : " (" + v.operation() + ")"))
                .orElse("none");
    }

    // --- rule 1: an operation's answer is one of its answers --------------------------------------------------------

    @Test
    void an_answer_of_the_operation_passes() {
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID, 200, CONTACT)))
                .isEmpty();
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID, 404, error("CONTACT_NOT_FOUND")))).isEmpty();
    }

    @Test
    void a_status_the_operation_does_not_list_fails() {
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID, 409, error("CONTACT_EXISTS"))))
                .hasValueSatisfying(v -> assertThat(v.reasons()).contains("validation.response.status.unknown"));
    }

    @Test
    void an_error_code_the_status_does_not_name_fails() {
        assertThat(rule(answered("GET", "/contacts/" + ID, 404, error("TENANT_NOT_FOUND"))))
                .isEqualTo(ContractCheck.INVALID_ANSWER + " (getContact)");
    }

    @Test
    void a_body_outside_the_envelope_fails() {
        String springError = "{\"timestamp\":\"2026-01-01T00:00:00.000+00:00\",\"status\":415,"
                + "\"error\":\"Unsupported Media Type\",\"path\":\"/contacts\"}";
        assertThat(rule(exchange("POST", "/contacts", "{}", 415, JSON, springError)))
                .isEqualTo(ContractCheck.INVALID_ANSWER + " (createContact)");
        String extraField = "{\"success\":false,\"error\":{\"code\":\"UNSUPPORTED_MEDIA_TYPE\",\"message\":\"m\"},"
                + "\"status\":415}";
        assertThat(rule(exchange("POST", "/contacts", "{}", 415, JSON, extraField)))
                .isEqualTo(ContractCheck.INVALID_ANSWER + " (createContact)");
        assertThat(CHECK.violation(exchange("POST", "/contacts", "{}", 415, JSON, error("UNSUPPORTED_MEDIA_TYPE"))))
                .isEmpty();
    }

    @Test
    void a_content_type_the_answer_does_not_list_fails() {
        Map<String, List<String>> html = Map.of("Content-Type", List.of("text/html;charset=utf-8"));
        assertThat(CHECK.violation(exchange("GET", "/contacts/%2F", null, 400, html, "<html><body>400</body></html>")))
                .hasValueSatisfying(v -> assertThat(v.reasons()).contains("validation.response.contentType.notAllowed"));
        assertThat(CHECK.violation(exchange("GET", "/contacts/" + ID, null, 406, Map.of(), "")))
                .isPresent();
    }

    // --- rule 2: what the contract refuses is not accepted -----------------------------------------------------------

    @Test
    void a_2xx_to_a_request_the_contract_refuses_fails() {
        assertThat(rule(answered("GET", "/contacts/not-a-uuid", 200, CONTACT)))
                .isEqualTo(ContractCheck.REFUSED_REQUEST + " (getContact)");
        assertThat(rule(answered("GET", "/contacts/%", 200, CONTACT)))
                .isEqualTo(ContractCheck.REFUSED_REQUEST + " (getContact)");
        assertThat(rule(exchange("POST", "/contacts", null, 201, JSON, CONTACT)))
                .startsWith(ContractCheck.REFUSED_REQUEST);
        assertThat(rule(answered("GET", "/messages?limit=501", 200, "{\"success\":true,\"data\":[],\"next_cursor\":null}")))
                .startsWith(ContractCheck.REFUSED_REQUEST);
    }

    @Test
    void a_refused_request_answered_with_a_valid_4xx_passes() {
        assertThat(CHECK.violation(answered("GET", "/contacts/not-a-uuid", 400, error("VALIDATION_ERROR")))).isEmpty();
        assertThat(CHECK.violation(answered("GET", "/contacts/%zz", 400, error("VALIDATION_ERROR")))).isEmpty();
        assertThat(CHECK.violation(exchange("POST", "/contacts", "[1,2]", 400, JSON, error("VALIDATION_ERROR"))))
                .isEmpty();
        assertThat(CHECK.violation(answered("GET", "/messages?limit=0&limit=x", 400, error("VALIDATION_ERROR"))))
                .isEmpty();
    }

    @Test
    void the_api_key_is_left_to_the_routes() {
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID, 200, CONTACT)))
                .isEmpty();
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID, 401, error("UNAUTHORIZED")))).isEmpty();
    }

    @Test
    void what_openapi_cannot_forbid_is_passed_over() {
        String ok = CONTACT;
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID + "?cacheBuster=1", 200, ok))).isEmpty();
        assertThat(CHECK.violation(exchange("GET", "/contacts/" + ID, "{\"ignored\":true}", 200, JSON, ok))).isEmpty();
        assertThat(CHECK.violation(new ContractCheck.Exchange("GET", "/contacts/" + ID,
                Map.of("Content-Type", List.of("garbage")), null, 200, JSON, ok))).isEmpty();
        assertThat(CHECK.violation(new ContractCheck.Exchange("DELETE", "/tenants/" + ID + "/whatsapp",
                Map.of("Content-Type", List.of(";;;")), "[1]".getBytes(StandardCharsets.UTF_8), 200, JSON, TENANT)))
                .isEmpty();
    }

    @Test
    void the_webhook_challenge_is_text() {
        Map<String, List<String>> text = Map.of("Content-Type", List.of("text/plain;charset=UTF-8"));
        assertThat(CHECK.violation(exchange("GET",
                "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=t&hub.challenge=12345", null, 200, text,
                "12345"))).isEmpty();
        assertThat(CHECK.violation(new ContractCheck.Exchange("GET",
                "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=t&hub.challenge=12345",
                Map.of("Accept", List.of("text/*")), null, 200, text, "12345"))).isEmpty();
    }

    // --- rule 3: unknown paths and methods under the contract's segments ----------------------------------------------

    @Test
    void an_unknown_path_answered_without_the_envelope_fails() {
        String springNotFound = "{\"timestamp\":\"2026-01-01T00:00:00.000+00:00\",\"status\":404,"
                + "\"error\":\"Not Found\",\"path\":\"/contacts/x/y\"}";
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID + "/nothing", 404, springNotFound)))
                .hasValueSatisfying(v -> assertThat(v.rule()).isEqualTo(ContractCheck.UNKNOWN_PATH));
        assertThat(rule(answered("GET", "/tenants/" + ID + "/nothing", 404, error("TENANT_NOT_FOUND"))))
                .isEqualTo(ContractCheck.UNKNOWN_PATH);
        assertThat(rule(answered("GET", "/webhooks/other", 400, error("NOT_FOUND"))))
                .isEqualTo(ContractCheck.UNKNOWN_PATH);
    }

    @Test
    void an_unknown_path_answered_with_not_found_passes() {
        assertThat(CHECK.violation(answered("GET", "/contacts/" + ID + "/nothing", 404, error("NOT_FOUND")))).isEmpty();
    }

    @Test
    void an_unknown_method_needs_method_not_allowed() {
        assertThat(rule(answered("PATCH", "/contacts/" + ID, 404, error("NOT_FOUND"))))
                .isEqualTo(ContractCheck.UNKNOWN_METHOD);
        assertThat(CHECK.violation(answered("PATCH", "/contacts/" + ID, 405, error("METHOD_NOT_ALLOWED")))).isEmpty();
    }

    @Test
    void paths_outside_the_contract_are_not_checked() {
        Map<String, List<String>> html = Map.of("Content-Type", List.of("text/html"));
        assertThat(CHECK.violation(exchange("GET", "/actuator/health", null, 500, html, "<html/>"))).isEmpty();
        assertThat(CHECK.violation(exchange("GET", "/hawtio/", null, 200, html, "<html/>"))).isEmpty();
    }

    @Test
    void a_violation_is_thrown_with_the_exchange_and_the_report() {
        assertThatThrownBy(() -> CHECK.verify(answered("GET", "/contacts/" + ID, 404, error("TENANT_NOT_FOUND"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /contacts/" + ID + " -> 404")
                .hasMessageContaining("TENANT_NOT_FOUND")
                .hasMessageContaining("validation.response.body.schema");
    }
}
