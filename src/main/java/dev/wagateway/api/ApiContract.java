package dev.wagateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.springframework.stereotype.Component;

/**
 * The API's contract ({@code openapi.yaml} on the classpath), read once: as JSON for {@code GET /api-doc}, and its
 * paths and their methods for {@link ContractPaths}.
 */
@Component("apiContract")
public class ApiContract {

    /** Where the contract lies on the classpath; the REST DSL's {@code openApi: specification:} names it too. */
    public static final String RESOURCE = "openapi.yaml";

    /** The keys of a path item that are operations (the others: parameters, summary...). */
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final String json;
    private final Map<String, Set<String>> paths;

    public ApiContract() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the classpath");
            }
            JsonNode contract = new YAMLMapper().readTree(in);
            json = new ObjectMapper().writeValueAsString(contract);
            Map<String, Set<String>> found = new LinkedHashMap<>();
            contract.path("paths").fields().forEachRemaining(path -> {
                Set<String> methods = new HashSet<>();
                path.getValue().fieldNames().forEachRemaining(key -> {
                    if (OPERATIONS.contains(key)) {
                        methods.add(key.toUpperCase(Locale.ROOT));
                    }
                });
                found.put(path.getKey(), Set.copyOf(methods));
            });
            paths = Map.copyOf(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String json() {
        return json;
    }

    /** The contract's path templates, as written ({@code /tenants/{id}/api-keys}), each with its methods. */
    public Map<String, Set<String>> paths() {
        return paths;
    }
}
