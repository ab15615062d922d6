package dev.wagateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport.Level;
import com.atlassian.oai.validator.report.ValidationReport.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Holds one HTTP exchange with the service to the contract ({@link Contract}, openapi.yaml). It fails an exchange
 * whose path lies under one of the contract's segments ({@code /tenants}, {@code /contacts}, ...) when:
 * <ol>
 * <li>the path and method match an operation and the answer is not one of its answers (a status it does not list, a
 * body off the response's schema, such as an error code that response does not name, a Content-Type it does not
 * list);</li>
 * <li>the request is one the contract refuses, yet the answer is 2xx (the contract is stricter than the code);</li>
 * <li>the path or the method matches no operation, and the answer is not the error envelope with NOT_FOUND (404,
 * unknown path) or METHOD_NOT_ALLOWED (405, known path, unknown method).</li>
 * </ol>
 * A request the contract refuses (tests send hostile input on purpose) is fine when the answer is a 4xx valid for the
 * operation. What OpenAPI cannot forbid is passed over: a query parameter or a body (and its Content-Type) that the
 * operation does not declare; and the API key is the routes' to judge. Paths outside the contract (/actuator, /api-doc, /hawtio, /jolokia) are not looked at. Built once per
 * JVM: {@link #get()}.
 */
public final class ContractCheck {

    /** One exchange as the client saw it: {@code target} is the path and query exactly as sent (still encoded). */
    public record Exchange(String method, String target, Map<String, List<String>> requestHeaders, byte[] requestBody,
            int status, Map<String, List<String>> responseHeaders, String responseBody) {
    }

    /**
     * What is wrong with an exchange: the rule it breaks ({@code rule}, one line), the operation the exchange matched
     * (null: none), the validator's message keys or the envelope's defects ({@code reasons}, for grouping), and the
     * whole report with the exchange ({@code report}).
     */
    public record Violation(String rule, String operation, List<String> reasons, String report) {
    }

    static final String INVALID_ANSWER = "answer not valid for the operation";
    static final String REFUSED_REQUEST = "2xx to a request the contract refuses";
    static final String UNKNOWN_PATH = "unknown path not answered with the NOT_FOUND envelope";
    static final String UNKNOWN_METHOD = "unknown method not answered with the METHOD_NOT_ALLOWED envelope";

    static final String PATH_MISSING = "validation.request.path.missing";
    static final String NOT_ALLOWED = "validation.request.operation.notAllowed";
    static final String UNEXPECTED_BODY = "validation.request.body.unexpected";
    private static final int BODY_SHOWN = 2_000;
    private static final Pattern LONE_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContractCheck INSTANCE = new ContractCheck(Contract.get());

    private final Contract contract;
    private final OpenApiInteractionValidator validator;

    ContractCheck(Contract contract) {
        this.contract = contract;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(contract.json())
                .withLevelResolver(LevelResolver.create()
                        // Everything wrong with a request is reported (WARN) rather than failed (ERROR): tests send
                        // hostile requests on purpose, and whether that is fine depends on the answer (rules 2, 3).
                        // What is left at ERROR is what is wrong with the answer (rule 1).
                        .withLevel("validation.request", Level.WARN)
                        // The X-API-Key is the routes' to check (401, 403); their answer is held to the contract.
                        .withLevel("validation.request.security", Level.IGNORE)
                        // Else the validator adds additionalProperties: false to every object schema that does not
                        // say, and the error responses' allOf (the envelope, then the response's codes) can never
                        // match. The contract's own additionalProperties: false are still held.
                        .withLevel("validation.schema.additionalProperties", Level.IGNORE)
                        // A query parameter or a body the operation does not declare: OpenAPI cannot forbid either,
                        // and the routes pass over them (a key in the query is theirs to refuse: 401).
                        .withLevel("validation.request.parameter.query.unexpected", Level.IGNORE)
                        .withLevel(UNEXPECTED_BODY, Level.IGNORE)
                        .build())
                // /contacts/ is not /contacts: the service answers a trailing slash as a path of its own (404)
                .withStrictOperationPathMatching()
                .build();
    }

    /** The check of this checkout's contract. */
    public static ContractCheck get() {
        return INSTANCE;
    }

    /** Throws an AssertionError, with the report and the exchange, when the exchange breaks a rule. */
    public void verify(Exchange exchange) {
        violation(exchange).ifPresent(v -> {
            throw new AssertionError(v.report());
        });
    }

    /** The rule the exchange breaks, if any. */
    public Optional<Violation> violation(Exchange exchange) {
        String path = pathOf(exchange.target());
        if (!contract.owns(path)) {
            return Optional.empty();
        }
        if (contract.model().getPaths().containsKey(path)
                && !contract.methods(path).contains(exchange.method().toUpperCase(Locale.ROOT))) {
            // a literal path wins over a template (OpenAPI's rule; GET /messages/send is not getMessage): 405
            List<String> defects = unmatchedDefects(exchange, 405, "METHOD_NOT_ALLOWED");
            return defects.isEmpty() ? Optional.empty()
                    : Optional.of(violation(exchange, UNKNOWN_METHOD, null, defects, List.of()));
        }
        List<Message> messages;
        try {
            messages = validator.validate(request(exchange, path), response(exchange)).getMessages();
        } catch (RuntimeException e) {
            return Optional.of(violation(exchange, "the validator cannot read the exchange", null,
                    List.of(e.toString()), List.of()));
        }
        Optional<Message> unmatched = messages.stream()
                .filter(m -> m.getKey().equals(PATH_MISSING) || m.getKey().equals(NOT_ALLOWED)).findFirst();
        if (unmatched.isPresent()) {
            boolean pathMissing = unmatched.get().getKey().equals(PATH_MISSING);
            List<String> defects = unmatchedDefects(exchange, pathMissing ? 404 : 405,
                    pathMissing ? "NOT_FOUND" : "METHOD_NOT_ALLOWED");
            return defects.isEmpty() ? Optional.empty()
                    : Optional.of(violation(exchange, pathMissing ? UNKNOWN_PATH : UNKNOWN_METHOD, null, defects,
                            messages));
        }
        List<Message> answerErrors = messages.stream().filter(m -> m.getLevel() == Level.ERROR).toList();
        if (!answerErrors.isEmpty()) {
            return Optional.of(violation(exchange, INVALID_ANSWER, operation(messages), keys(answerErrors), messages));
        }
        // the body of an operation that takes none is passed over (see the levels), and so is its Content-Type
        boolean bodyPassedOver = messages.stream().anyMatch(m -> m.getKey().equals(UNEXPECTED_BODY));
        List<Message> requestDefects = messages.stream()
                .filter(m -> m.getLevel() == Level.WARN && m.getKey().startsWith("validation.request"))
                .filter(m -> !(bodyPassedOver && m.getKey().startsWith("validation.request.contentType")))
                .filter(m -> !wildcardAcceptOfAnyAnswer(m) && !opaqueBody(m) && !emptyAllowed(m)).toList();
        if (exchange.status() / 100 == 2 && !requestDefects.isEmpty()) {
            return Optional.of(violation(exchange, REFUSED_REQUEST, operation(messages), keys(requestDefects),
                    messages));
        }
        return Optional.empty();
    }

    /**
     * The validator finds that an Accept of {@code text/*} matches none of [application/json, *&#47;*], or refuses an
     * Accept it cannot parse: an answer of any type ({@code *&#47;*}, the webhook handshake's) suits every Accept.
     */
    private static boolean wildcardAcceptOfAnyAnswer(Message message) {
        return (message.getKey().equals("validation.request.accept.notAllowed")
                || message.getKey().equals("validation.request.accept.invalid"))
                && message.getContext().flatMap(c -> c.getApiOperation()).stream()
                .flatMap(o -> o.getOperation().getResponses().values().stream())
                .anyMatch(r -> r.getContent() != null && r.getContent().containsKey("*/*"));
    }

    /**
     * What keeps the answer to a call that is none of the contract's from being the envelope with {@code status} and
     * {@code code}: or with 400 VALIDATION_ERROR (a path the server cannot read: Tomcat refuses an encoded slash
     * before any path is matched) or 413 PAYLOAD_TOO_LARGE (the body's size is checked before the path).
     */
    private static List<String> unmatchedDefects(Exchange exchange, int status, String code) {
        if (exchange.status() == 400 && envelopeDefects(exchange, 400, "VALIDATION_ERROR").isEmpty()
                || exchange.status() == 413 && envelopeDefects(exchange, 413, "PAYLOAD_TOO_LARGE").isEmpty()) {
            return List.of();
        }
        return envelopeDefects(exchange, status, code);
    }

    /** A body of an operation that takes any bytes ({@code *&#47;*}: Meta's webhook, stored raw): nothing to parse. */
    private static boolean opaqueBody(Message message) {
        return (message.getKey().startsWith("validation.request.body")
                || message.getKey().startsWith("validation.request.contentType"))
                && message.getContext().flatMap(c -> c.getApiOperation()).map(o -> o.getOperation().getRequestBody())
                .map(body -> body.getContent() != null && body.getContent().containsKey("*/*")).orElse(false);
    }

    /**
     * The validator calls an empty value ({@code ?limit=}) of an optional parameter "missing" even where the contract
     * allows it ({@code allowEmptyValue: true}: the service takes it as absent).
     */
    private static boolean emptyAllowed(Message message) {
        return message.getKey().equals("validation.request.parameter.missing")
                && message.getContext().flatMap(c -> c.getParameter())
                .map(p -> !Boolean.TRUE.equals(p.getRequired()) && Boolean.TRUE.equals(p.getAllowEmptyValue()))
                .orElse(false);
    }

    /** What keeps the answer from being {@code {"success":false,"error":{"code":code,"message":…}}} with {@code status}. */
    private static List<String> envelopeDefects(Exchange exchange, int status, String code) {
        List<String> defects = new ArrayList<>();
        if (exchange.status() != status) {
            defects.add("status " + exchange.status() + ", not " + status);
        }
        String contentType = header(exchange.responseHeaders(), "Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            defects.add("Content-Type '" + contentType + "', not application/json");
        }
        JsonNode body;
        try {
            body = exchange.responseBody() == null || exchange.responseBody().isBlank() ? JSON.missingNode()
                    : JSON.readTree(exchange.responseBody());
        } catch (Exception e) {
            body = JSON.missingNode();
        }
        if (!body.path("success").isBoolean() || body.path("success").asBoolean()) {
            defects.add("no \"success\":false");
        }
        if (!code.equals(body.path("error").path("code").asText(null))) {
            defects.add("error.code " + body.path("error").path("code") + ", not " + code);
        }
        if (!body.path("error").path("message").isTextual()) {
            defects.add("no error.message");
        }
        return defects;
    }

    private static Violation violation(Exchange exchange, String rule, String operation, List<String> reasons,
            List<Message> messages) {
        StringBuilder report = new StringBuilder("Contract (openapi.yaml): ").append(rule)
                .append(operation == null ? "" : " (" + operation + ")").append('\n')
                .append("  ").append(exchange.method()).append(' ').append(exchange.target())
                .append(" -> ").append(exchange.status()).append(' ')
                .append(header(exchange.responseHeaders(), "Content-Type").orElse("(no Content-Type)")).append('\n');
        if (!reasons.isEmpty()) {
            report.append("  why: ").append(String.join("; ", reasons)).append('\n');
        }
        for (Message message : messages) {
            describe(message, "  ", report);
        }
        String body = exchange.responseBody() == null ? "" : exchange.responseBody();
        report.append("  body: ").append(body.length() > BODY_SHOWN ? body.substring(0, BODY_SHOWN) + "…" : body);
        return new Violation(rule, operation, reasons, report.toString());
    }

    private static void describe(Message message, String indent, StringBuilder out) {
        out.append(indent).append(message.getLevel()).append(' ').append(message.getKey()).append(": ")
                .append(message.getMessage()).append('\n');
        for (String info : message.getAdditionalInfo()) {
            out.append(indent).append("  ").append(info).append('\n');
        }
        for (Message nested : message.getNestedMessages()) {
            describe(nested, indent + "  ", out);
        }
    }

    private static List<String> keys(List<Message> messages) {
        return messages.stream().map(Message::getKey).distinct().sorted().toList();
    }

    private static String operation(List<Message> messages) {
        return messages.stream().flatMap(m -> m.getContext().flatMap(c -> c.getApiOperation()).stream())
                .map(o -> o.getOperation().getOperationId()).findFirst().orElse(null);
    }

    private static Request request(Exchange exchange, String path) {
        // the validator URL-decodes path parameters: a % that starts no escape (an id "%zz") stands for itself
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(),
                LONE_PERCENT.matcher(path).replaceAll("%25"));
        boolean hasBody = exchange.requestBody() != null && exchange.requestBody().length > 0;
        // a Content-Type describes a body: without one there is nothing it could be wrong about
        exchange.requestHeaders().forEach((name, values) -> {
            if (hasBody || !name.equalsIgnoreCase("Content-Type")) {
                request.withHeader(name, values);
            }
        });
        query(exchange.target()).forEach(request::withQueryParam);
        if (hasBody) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static Response response(Exchange exchange) {
        SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
        exchange.responseHeaders().forEach(response::withHeader);
        if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The query's parameters, decoded (a value that does not decode is kept as sent), repeated ones together. */
    static Map<String, List<String>> query(String target) {
        int start = target.indexOf('?');
        if (start < 0) {
            return Map.of();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : target.substring(start + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }
}
