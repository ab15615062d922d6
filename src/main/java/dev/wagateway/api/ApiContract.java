package dev.wagateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.springframework.stereotype.Component;

/**
 * The API's contract ({@code openapi.yaml} on the classpath), read once: as JSON for {@code GET /api-doc}, and its
 * path templates for {@link UnknownCalls}.
 */
@Component("apiContract")
public class ApiContract {

    /** Where the contract lies on the classpath; the REST DSL's {@code openApi: specification:} names it too. */
    public static final String RESOURCE = "openapi.yaml";

    private final String json;
    private final List<String> paths = new ArrayList<>();

    public ApiContract() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the classpath");
            }
            JsonNode contract = new YAMLMapper().readTree(in);
            json = new ObjectMapper().writeValueAsString(contract);
            contract.path("paths").fieldNames().forEachRemaining(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String json() {
        return json;
    }

    /** The contract's path templates, as written ({@code /tenants/{id}/api-keys}). */
    public List<String> paths() {
        return List.copyOf(paths);
    }
}
