package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * The contract ({@code src/main/resources/openapi.yaml}) read by a real OpenAPI parser: valid OpenAPI 3 (the build
 * fails on any message), every operation with an operationId and a summary, every error answer the envelope with the
 * codes it may carry, those codes the service's own ({@link ErrorCode}) under their HTTP status, no description
 * written twice; docs/api.md's table of calls describing exactly its calls and codes, and the README's short table
 * naming exactly its calls.
 */
class ContractLintTest {

    static final Path CONTRACT = Path.of("src/main/resources", ApiContract.RESOURCE);
    static final Path API_DOC = Path.of("docs/api.md");
    static final Path README = Path.of("README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) ([^`?]+)[^`]*` \\|.*\\| ([^|]*) \\|$");
    /** The README's short table: "| `POST /messages/send` | what it does |". */
    private static final Pattern README_ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) ([^`?]+)[^`]*` \\| [^|]+ \\|$");
    /** Codes docs/api.md's table gives once, for every call: Content-Type, Accept and the body's size. */
    private static final Set<String> EVERY_CALL = Set.of("NOT_ACCEPTABLE", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE");
    private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z_]{3,}\\b");

    private static SwaggerParseResult parse(boolean resolveFully) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(resolveFully);
        options.setResolveCombinators(false); // keep allOf as written: its second part lists the codes
        return new OpenAPIV3Parser().readLocation(CONTRACT.toUri().toString(), null, options);
    }

    @Test
    void the_contract_is_valid_openapi_3() {
        SwaggerParseResult parsed = parse(false);
        assertThat(parsed.getMessages()).as("OpenAPI parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes().get("apiKey").getName())
                .isEqualTo("X-API-Key");
    }

    @Test
    void every_operation_has_an_id_a_summary_and_error_answers_in_the_envelope_with_their_codes() {
        OpenAPI contract = parse(true).getOpenAPI();
        Map<String, Map<Integer, Set<String>>> codes = errorCodes(contract);
        assertThat(codes).hasSize(32);
        operations(contract).forEach((call, operation) -> {
            assertThat(operation.getOperationId()).as("operationId of %s", call).isNotBlank();
            assertThat(operation.getSummary()).as("summary of %s", call).isNotBlank();
            codes.get(call).forEach((status, listed) -> {
                assertThat(listed).as("codes of %s %d", call, status).isNotEmpty();
                listed.forEach(code -> assertThat(ErrorCode.valueOf(code).httpStatus())
                        .as("%s under %s %d", code, call, status).isEqualTo(status));
            });
        });
    }

    @Test
    void the_contracts_error_codes_are_the_services() {
        Schema<?> errorCode = parse(false).getOpenAPI().getComponents().getSchemas().get("ErrorCode");
        Set<String> listed = errorCode.getEnum().stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
        Set<String> service = Arrays.stream(ErrorCode.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(service);
    }

    @Test
    void no_description_is_written_twice() throws IOException {
        List<String> descriptions = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^\\s*description:\\s*(.+)$").matcher(Files.readString(CONTRACT));
        while (line.find()) {
            descriptions.add(line.group(1).strip());
        }
        assertThat(descriptions).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void docs_api_describes_exactly_the_contracts_calls_and_codes() throws IOException {
        Map<String, Set<String>> documented = documentedCalls();
        Map<String, Set<String>> contract = new TreeMap<>();
        errorCodes(parse(true).getOpenAPI()).forEach((call, byStatus) -> contract.put(call,
                byStatus.values().stream().flatMap(Set::stream).filter(code -> !EVERY_CALL.contains(code))
                        .collect(Collectors.toCollection(TreeSet::new))));
        assertThat(documented).isEqualTo(contract);
    }

    @Test
    void the_readme_names_exactly_the_contracts_calls() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String line : section(README, "## REST API").lines().toList()) {
            Matcher row = README_ROW.matcher(line);
            if (row.matches()) {
                assertThat(listed.add(row.group(1) + " " + row.group(2))).as("one row for %s", line).isTrue();
            }
        }
        assertThat(listed).isEqualTo(operations(parse(false).getOpenAPI()).keySet());
    }

    /** "POST /messages/send" → status → the error codes its answer's schema allows. */
    static Map<String, Map<Integer, Set<String>>> errorCodes(OpenAPI contract) {
        Map<String, Map<Integer, Set<String>>> calls = new TreeMap<>();
        operations(contract).forEach((call, operation) -> {
            Map<Integer, Set<String>> byStatus = new TreeMap<>();
            operation.getResponses().forEach((status, answer) -> {
                if (Integer.parseInt(status) >= 400) {
                    byStatus.put(Integer.parseInt(status), codesOf(answer));
                }
            });
            calls.put(call, byStatus);
        });
        return calls;
    }

    /** The {@code error.code} enum of an error answer: {@code allOf: [ErrorAnswer, {error: {code: {enum}}}]}. */
    @SuppressWarnings("rawtypes")
    private static Set<String> codesOf(ApiResponse answer) {
        Schema<?> schema = answer.getContent().get("application/json").getSchema();
        Set<String> codes = new TreeSet<>();
        for (Schema part : schema.getAllOf()) {
            Map<String, Schema> properties = part.getProperties();
            if (properties != null && properties.get("error") != null) {
                Schema<?> code = (Schema<?>) properties.get("error").getProperties().get("code");
                if (code.getEnum() != null && code.getEnum().size() < ErrorCode.values().length) {
                    code.getEnum().forEach(c -> codes.add(c.toString()));
                }
            }
        }
        return codes;
    }

    private static Map<String, Operation> operations(OpenAPI contract) {
        Map<String, Operation> operations = new TreeMap<>();
        contract.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                operations.put(method.name() + " " + path, operation)));
        return operations;
    }

    /** The text of {@code file}'s section with this heading, up to the next "## " heading (or the end). */
    private static String section(Path file, String heading) throws IOException {
        String text = Files.readString(file);
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as("%s has a section %s", file, heading).isNotNegative();
        String section = text.substring(start + 1);
        int next = section.indexOf("\n## ");
        return next < 0 ? section : section.substring(0, next);
    }

    /** "POST /messages/send" → its error codes, from docs/api.md's table of calls ("## Calls"). */
    private static Map<String, Set<String>> documentedCalls() throws IOException {
        Map<String, Set<String>> calls = new TreeMap<>();
        for (String line : section(API_DOC, "## Calls").lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                Set<String> codes = new TreeSet<>();
                Matcher code = CODE.matcher(row.group(3));
                while (code.find()) {
                    codes.add(code.group());
                }
                calls.put(row.group(1) + " " + row.group(2), codes);
            }
        }
        return calls;
    }
}
