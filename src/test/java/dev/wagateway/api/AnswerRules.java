package dev.wagateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.Contract;
import dev.wagateway.ContractCheck;

/**
 * What every answer of {@link ApiFuzzTest} must be: not a 5xx; the JSON envelope ({@code success}; on error a code of
 * the contract's {@code ErrorCode} and a message), unless the contract says that answer is not JSON (the webhook
 * handshake's challenge); no exception shown in an error; and one the contract allows for the request
 * ({@link ContractCheck}).
 */
final class AnswerRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A class name ending in Exception or Error, or a stack frame: what an error answer must never show. */
    private static final Pattern STACK_TRACE = Pattern.compile("\\b[a-z]\\w*(\\.\\w+)+(Exception|Error)\\b|\\tat ");

    private AnswerRules() {
    }

    /** The rules this answer breaks. */
    static List<FuzzFindings.Problem> problems(FuzzRequest request, FuzzAnswer answer) {
        List<FuzzFindings.Problem> problems = new ArrayList<>();
        if (answer.status() < 0) {
            problems.add(new FuzzFindings.Problem("no answer", answer.body()));
            return problems;
        }
        if (answer.status() >= 500) {
            problems.add(new FuzzFindings.Problem("5xx", null));
        }
        if (request.operation() == null || request.operation().answersJson(answer.status())) {
            envelopeDefect(answer).ifPresent(defect -> problems.add(new FuzzFindings.Problem(defect, null)));
        }
        if (answer.status() >= 400 && STACK_TRACE.matcher(answer.body()).find()) {
            problems.add(new FuzzFindings.Problem("an exception shown", null));
        }
        ContractCheck.get().violation(new ContractCheck.Exchange(request.method(), request.target(),
                        request.headerMap(), request.body(), answer.status(), answer.headers(), answer.body()))
                .ifPresent(v -> problems.add(new FuzzFindings.Problem("contract: " + v.rule() + " " + v.reasons(),
                        v.report())));
        return problems;
    }

    /** What keeps the answer from being the envelope, if anything. */
    private static Optional<String> envelopeDefect(FuzzAnswer answer) {
        if (!answer.mediaType().equals("application/json")) {
            return Optional.of("not JSON: " + (answer.mediaType().isEmpty() ? "no Content-Type"
                    : answer.mediaType()) + (answer.body().isEmpty() ? ", empty" : ""));
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (Exception e) {
            return Optional.of("body is not JSON");
        }
        if (body == null || !body.path("success").isBoolean()) {
            return Optional.of("no envelope (no boolean success)");
        }
        if (body.path("success").asBoolean()) {
            return Optional.empty();
        }
        String code = body.path("error").path("code").asText(null);
        if (code == null || !Contract.get().errorCodes().contains(code)) {
            return Optional.of("error.code " + code + " not in ErrorCode");
        }
        if (!body.path("error").path("message").isTextual()) {
            return Optional.of("no error.message");
        }
        return Optional.empty();
    }
}
