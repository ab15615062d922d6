package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wagateway.Api;
import dev.wagateway.Contract;
import dev.wagateway.IntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/**
 * The running service serves its contract: {@code GET /api-doc} (no key needed) answers {@code openapi.yaml} as JSON,
 * the same document, and every operation of the contract is answered by the route {@code direct:<operationId>}.
 */
class OpenApiDocumentTest extends IntegrationTest {

    @Test
    void api_doc_is_the_contract_as_json() throws IOException {
        Api.Response response = api.anonymous().get("/api-doc");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        Files.writeString(Path.of("target/api-doc.json"), response.raw()); // to look at, or to generate a client from
        assertThat(response.json()).isEqualTo(new YAMLMapper().readTree(ContractLintTest.CONTRACT.toFile()));
        assertThat(new OpenAPIV3Parser().readContents(response.raw()).getMessages()).isEmpty();
    }

    @Test
    void every_operation_of_the_contract_has_its_route() {
        Set<String> operations = new TreeSet<>();
        Contract.get().operations().forEach(operation -> operations.add("direct://" + operation.id()));
        Set<String> consumers = new TreeSet<>();
        for (Route route : camelContext.getRoutes()) {
            consumers.add(route.getEndpoint().getEndpointUri());
        }
        assertThat(consumers).containsAll(operations);
        assertThat(camelContext.getRoute("rest-api").getEndpoint().getEndpointUri()).as("the contract's one route")
                .startsWith("rest-openapi://" + ApiContract.RESOURCE + "?");
    }
}
