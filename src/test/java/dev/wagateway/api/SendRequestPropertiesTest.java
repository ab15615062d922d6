package dev.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.springframework.test.context.TestContextManager;

/**
 * Property: whatever body a caller posts to {@code POST /messages/send}, the answer is one of the contract's — 201
 * with a message that is queued, sent or failed, or an error envelope whose code is in {@link ErrorCode} with that
 * code's HTTP status — never a 500. The bodies are generated (jqwik): the request's fields, others, every JSON type
 * for each, any Unicode (NUL and lone surrogates included), and the JSON cut short or with a byte flipped. The service
 * is the one every integration test shares (Spring's test context cache, reached through TestContextManager).
 */
class SendRequestPropertiesTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONTRACT_CODES = Arrays.stream(ErrorCode.values()).map(Enum::name)
            .collect(Collectors.toSet());
    private static final Set<String> SEND_STATUSES = Set.of("queued", "sent", "failed");

    private String tenantId;
    private String contactId;

    @BeforeProperty
    void theSharedService() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        GRAPH.resetAll();
        GRAPH.stubFor(post(urlEqualTo("/v25.0/1234567890/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        circuit.reset();
        throttle.reset();
        api = new Api(port);
        tenantId = api.tenant("Generated");
        contactId = api.contact(tenantId, uniquePhone());
    }

    @Property(tries = 400)
    void every_answer_is_one_the_contract_lists(@ForAll("sendBodies") byte[] body) throws Exception {
        Api.Response response = api.post("/messages/send", body, java.util.Map.of());

        assertThat(response.status()).as(response.raw()).isNotEqualTo(500);
        JsonNode json = JSON.readTree(response.raw());
        if (response.status() == 201) {
            assertThat(json.path("success").asBoolean()).isTrue();
            assertThat(json.path("data").path("status").asText()).isIn(SEND_STATUSES);
            assertThat(json.path("data").path("tenant_id").asText()).isEqualTo(tenantId);
        } else {
            assertThat(json.path("success").asBoolean(true)).isFalse();
            String code = json.path("error").path("code").asText();
            assertThat(code).as(response.raw()).isIn(CONTRACT_CODES);
            assertThat(response.status()).isEqualTo(ErrorCode.valueOf(code).httpStatus());
            assertThat(json.path("error").path("message").asText()).isNotBlank().doesNotContain("Exception");
        }
    }

    @Provide
    Arbitrary<byte[]> sendBodies() {
        Arbitrary<byte[]> wellFormed = requests().map(node -> node.toString().getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, wellFormed),
                net.jqwik.api.Tuple.of(2, Combinators.combine(wellFormed, Arbitraries.integers().between(0, 10_000))
                        .as((bytes, cut) -> Arrays.copyOf(bytes, Math.min(bytes.length, cut % (bytes.length + 1))))),
                net.jqwik.api.Tuple.of(2, Combinators.combine(wellFormed, Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.bytes()).as((bytes, at, value) -> {
                            byte[] flipped = bytes.clone();
                            if (flipped.length > 0) {
                                flipped[at % flipped.length] = value;
                            }
                            return flipped;
                        })));
    }

    /** A JSON object with some of the send's fields (and others), each holding a value of any JSON type. */
    private Arbitrary<ObjectNode> requests() {
        Arbitrary<String> names = Arbitraries.of("tenantId", "contactId", "message", "type", "template", "to",
                "tenantid", "");
        return Arbitraries.maps(names, values()).ofMaxSize(6).map(fields -> {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            fields.forEach(node::set);
            return node;
        });
    }

    private Arbitrary<JsonNode> values() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> ids = Arbitraries.of(List.of(tenantId, contactId, UUID.randomUUID().toString(),
                contactId.toUpperCase(), " " + contactId, contactId + "' OR '1'='1", "null"));
        Arbitrary<String> texts = Arbitraries.oneOf(anyText, Arbitraries.of("hi", "text", "template", "👋 مرحبا",
                " ", "x".repeat(4096), "x".repeat(4097)));
        return Arbitraries.oneOf(
                ids.map(f::textNode),
                texts.map(f::textNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.nullNode()),
                texts.list().ofMaxSize(3).map(list -> {
                    var array = f.arrayNode();
                    list.forEach(array::add);
                    return array;
                }),
                Arbitraries.maps(Arbitraries.of("name", "language", "code", "body"), texts).ofMaxSize(3).map(map -> {
                    ObjectNode object = f.objectNode();
                    map.forEach(object::put);
                    return object;
                }));
    }
}
