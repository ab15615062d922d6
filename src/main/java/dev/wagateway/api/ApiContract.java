package dev.wagateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.springframework.stereotype.Component;

/** The API's contract ({@code openapi.yaml} on the classpath) as JSON, for {@code GET /api-doc}: read once. */
@Component("apiContract")
public class ApiContract {

    /** Where the contract lies on the classpath; the REST DSL's {@code openApi: specification:} names it too. */
    public static final String RESOURCE = "openapi.yaml";

    private final String json;

    public ApiContract() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the classpath");
            }
            json = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String json() {
        return json;
    }
}
