package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api-doc} (no key needed) is a valid OpenAPI 3 document that describes exactly the README's REST API
 * table: every call, each with a summary, its success answer with a schema and an example, a request schema and
 * example when it takes a body, and every error code the table gives it under the code's HTTP status.
 */
class OpenApiDocumentTest extends IntegrationTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) ([^`?]+)[^`]*` \\|.*\\| ([^|]*) \\|$");
    private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z_]{3,}\\b");

    @Test
    void the_document_is_valid_openapi_3_and_describes_every_call_with_its_errors() throws IOException {
        Api.Response response = api.anonymous().get("/api-doc");
        assertThat(response.status()).isEqualTo(200);
        Files.writeString(Path.of("target/api-doc.json"), response.raw()); // to look at, or to generate a client from

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.raw(), null, options);
        assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
        OpenAPI document = parsed.getOpenAPI();
        assertThat(document.getOpenapi()).startsWith("3.");
        assertThat(document.getInfo().getTitle()).isEqualTo("WhatsApp gateway");

        Map<String, Set<String>> readme = readmeCalls();
        assertThat(readme).hasSize(18);
        Map<String, Operation> operations = operations(document);
        assertThat(operations.keySet()).as("calls in /api-doc = calls in the README").isEqualTo(readme.keySet());

        readme.forEach((call, codes) -> {
            Operation operation = operations.get(call);
            assertThat(operation.getSummary()).as("summary of %s", call).isNotBlank();
            Map<Integer, Set<String>> expected = new TreeMap<>();
            codes.forEach(code -> expected.computeIfAbsent(ErrorCode.valueOf(code).httpStatus(), s -> new TreeSet<>())
                    .add(code));
            Map<Integer, Set<String>> described = new TreeMap<>();
            operation.getResponses().forEach((status, answer) -> {
                int code = Integer.parseInt(status);
                if (code >= 400) {
                    described.put(code, mentionedCodes(answer));
                    assertThat(schemaName(answer)).as("%s %s schema", call, status).isEqualTo("ErrorAnswer");
                }
            });
            assertThat(described).as("error statuses and codes of %s", call).isEqualTo(expected);

            ApiResponse success = operation.getResponses().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("2")).map(Map.Entry::getValue).findFirst().orElseThrow();
            if (!call.equals("GET /webhooks/whatsapp")) {
                var media = success.getContent().get("application/json");
                assertThat(media).as("JSON success answer of %s", call).isNotNull();
                assertThat(media.getSchema().get$ref()).as("success schema of %s", call).endsWith("Answer");
                assertThat(media.getExamples()).as("success example of %s", call).isNotEmpty();
            }
            if (call.startsWith("PUT") || call.equals("POST /tenants") || call.equals("POST /contacts")
                    || call.equals("POST /messages/send")) {
                var body = operation.getRequestBody().getContent().get("application/json");
                assertThat(body.getSchema().get$ref()).as("request schema of %s", call).isNotNull();
                assertThat(body.getExample()).as("request example of %s", call).isNotNull();
            }
        });
        assertThat(document.getComponents().getSchemas()).containsKeys("ErrorAnswer", "MessageAnswer",
                "SendMessageRequest");
        assertThat(document.getComponents().getSecuritySchemes().get("apiKey").getName()).isEqualTo("X-API-Key");
    }

    private static Set<String> mentionedCodes(ApiResponse answer) {
        Set<String> codes = new TreeSet<>();
        Matcher matcher = CODE.matcher(answer.getDescription());
        while (matcher.find()) {
            try {
                codes.add(ErrorCode.valueOf(matcher.group()).name());
            } catch (IllegalArgumentException notACode) {
                // a word in capitals that is not a code (API_MAX_BODY_BYTES...)
            }
        }
        return codes;
    }

    private static String schemaName(ApiResponse answer) {
        String ref = answer.getContent().values().iterator().next().getSchema().get$ref();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static Map<String, Operation> operations(OpenAPI document) {
        Map<String, Operation> operations = new TreeMap<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                operations.put(method.name() + " " + path, operation)));
        return operations;
    }

    /** "POST /messages/send" → its error codes, from the README's REST API table. */
    static Map<String, Set<String>> readmeCalls() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("\n## REST API"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Map<String, Set<String>> calls = new TreeMap<>();
        for (String line : section.lines().toList()) {
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
