package dev.wagateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import dev.wagateway.api.ApiContract;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The REST contract, {@code openapi.yaml} on the classpath (src/main/resources), read and parsed once per JVM: its
 * operations, the top-level path segments it owns and its {@code ErrorCode} enum. It is read as the service reads it
 * ({@link ApiContract}: the JSON {@code /api-doc} answers), and parsed from that JSON.
 */
public final class Contract {

    /**
     * One operation: its HTTP method (upper case), path template ({@code /contacts/{id}}), parsed definition, and its
     * parameters (the path's and its own).
     */
    public record Operation(String method, String path, io.swagger.v3.oas.models.Operation definition,
            List<Parameter> parameters) {

        /** Its parameters in {@code where}: path, query or header. */
        public List<Parameter> parameters(String where) {
            return parameters.stream().filter(p -> where.equals(p.getIn())).toList();
        }

        public String id() {
            return definition.getOperationId();
        }

        /** Whether its answer with this status is JSON (true for a status it does not list: an error envelope). */
        public boolean answersJson(int status) {
            ApiResponse response = definition.getResponses().get(String.valueOf(status));
            return response == null || response.getContent() == null
                    || response.getContent().keySet().stream().anyMatch(type -> type.contains("json"));
        }

        /** Whether the operation asks for no API key ({@code security: []}). */
        public boolean open() {
            return definition.getSecurity() != null && definition.getSecurity().isEmpty();
        }

        @Override
        public String toString() {
            return id() + " (" + method + " " + path + ")";
        }
    }

    private static final Contract INSTANCE = new Contract(new ApiContract().json());

    private final String json;
    private final OpenAPI model;
    private final List<Operation> operations;
    private final Set<String> segments;
    private final List<String> errorCodes;

    private Contract(String json) {
        this.json = json;
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);
        if (parsed.getOpenAPI() == null) {
            throw new IllegalStateException("openapi.yaml does not parse: " + parsed.getMessages());
        }
        this.model = parsed.getOpenAPI();
        List<Operation> found = new ArrayList<>();
        Set<String> top = new TreeSet<>();
        for (Map.Entry<String, PathItem> path : model.getPaths().entrySet()) {
            top.add(path.getKey().split("/")[1]);
            path.getValue().readOperationsMap().forEach((method, definition) -> {
                List<Parameter> parameters = new ArrayList<>();
                Optional.ofNullable(path.getValue().getParameters()).ifPresent(parameters::addAll);
                Optional.ofNullable(definition.getParameters()).ifPresent(parameters::addAll);
                found.add(new Operation(method.name(), path.getKey(), definition, List.copyOf(parameters)));
            });
        }
        this.operations = List.copyOf(found);
        this.segments = Set.copyOf(top);
        Schema<?> errorCode = model.getComponents().getSchemas().get("ErrorCode");
        this.errorCodes = errorCode.getEnum().stream().map(String::valueOf).toList();
    }

    /** The contract of this checkout. */
    public static Contract get() {
        return INSTANCE;
    }


    /** The same document as JSON. */
    public String json() {
        return json;
    }

    /** The parsed document, every {@code $ref} resolved. */
    public OpenAPI model() {
        return model;
    }

    public List<Operation> operations() {
        return operations;
    }

    /** The methods the contract has on a path template. */
    public Set<String> methods(String path) {
        return model.getPaths().get(path).readOperationsMap().keySet().stream().map(Enum::name)
                .collect(Collectors.toSet());
    }

    /** The first segments of the contract's paths ({@code tenants}, {@code contacts}, ...). */
    public Set<String> segments() {
        return segments;
    }

    /** Whether {@code path} (raw, without its query) lies under one of the contract's top-level segments. */
    public boolean owns(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        int end = path.indexOf('/', 1);
        return segments.contains(end < 0 ? path.substring(1) : path.substring(1, end));
    }

    /**
     * Why {@code json} is not an instance of the component schema {@code name} (empty: it is): for what the service
     * posts rather than answers, as the tenant callbacks' {@code CallbackEvent}.
     */
    public List<String> schemaViolations(String name, String json) {
        Schema<?> schema = model.getComponents().getSchemas().get(name);
        if (schema == null) {
            throw new IllegalArgumentException("the contract has no schema " + name);
        }
        ValidationReport report = new SchemaValidator(model, new MessageResolver()).validate(json, schema,
                "schema." + name);
        return report.getMessages().stream().map(ValidationReport.Message::getMessage).toList();
    }

    /** The {@code ErrorCode} enum: every code an error answer may carry. */
    public List<String> errorCodes() {
        return errorCodes;
    }


}
