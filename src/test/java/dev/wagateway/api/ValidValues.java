package dev.wagateway.api;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;
import dev.wagateway.Contract;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * Valid values for the contract's parameters, bodies and keys, made from the real objects {@link ApiFuzzTest} created
 * first: a path's id is that of a real tenant, contact or message; a body has the fields its schema requires, the real
 * ids among them; a webhook is signed with the test profile's app secret.
 */
final class ValidValues {

    /** The real objects: a tenant and its key, another tenant's key, a contact and a message of the first, a second API key's id. */
    record Fixtures(String tenantId, String tenantKey, String otherTenantKey, String contactId, String messageId,
            String spareKeyId, String appSecret, String verifyToken) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Fixtures fixtures;
    private final Random random;

    ValidValues(Fixtures fixtures, Random random) {
        this.fixtures = fixtures;
        this.random = random;
    }

    Fixtures fixtures() {
        return fixtures;
    }

    /** A real object's id for a path parameter: {@code keyId} a spare key, {@code id} one named by the path's segment. */
    String pathParameter(Contract.Operation operation, String name) {
        if (name.equals("keyId")) {
            return fixtures.spareKeyId();
        }
        return switch (operation.path().split("/")[1]) {
            case "tenants" -> fixtures.tenantId();
            case "contacts" -> fixtures.contactId();
            case "messages" -> fixtures.messageId();
            default -> UUID.randomUUID().toString(); // no batch is made: an unknown one
        };
    }

    String queryParameter(Parameter parameter) {
        String name = parameter.getName();
        Schema<?> schema = parameter.getSchema();
        if (name.equals("tenantId")) {
            return fixtures.tenantId();
        }
        if (name.endsWith("verify_token")) {
            return fixtures.verifyToken();
        }
        return value(schema).toString();
    }

    /** A header parameter's value: a signature is that of {@code body}. */
    String headerParameter(Parameter parameter, byte[] body) {
        return parameter.getName().toLowerCase().contains("signature") ? sign(body == null ? new byte[0] : body)
                : value(parameter.getSchema()).toString();
    }

    /** The API key an operation wants: none for an open one, the operator's for tenants and batches, else the tenant's. */
    String key(Contract.Operation operation) {
        if (operation.open()) {
            return null;
        }
        String segment = operation.path().split("/")[1];
        return segment.equals("tenants") || segment.equals("batches") ? Api.ADMIN_KEY : fixtures.tenantKey();
    }

    /** A valid JSON body for the operation, or null when it takes none. */
    String body(Contract.Operation operation) {
        if (operation.definition().getRequestBody() == null) {
            return null;
        }
        MediaType media = operation.definition().getRequestBody().getContent().get("application/json");
        Schema<?> schema = media == null ? null : media.getSchema();
        ObjectNode body = JSON.createObjectNode();
        if (schema != null && schema.getProperties() != null && !schema.getProperties().isEmpty()) {
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            schema.getProperties().forEach((name, property) -> {
                Object known = field(name);
                if (known != null || required.contains(name)) {
                    body.putPOJO(name, known != null ? known : value(property));
                }
            });
            return body.toString();
        }
        return placeholderBody(operation.id());
    }

    /**
     * While openapi.yaml's request schemas are placeholders ({@code {type: object}}): what the code reads, by
     * operation. An operation not named here gets {@code {}}.
     */
    private String placeholderBody(String operationId) {
        Map<String, Object> fields = switch (operationId) {
            case "createTenant" -> Map.of("name", field("name"));
            case "createContact" -> Map.of("tenantId", field("tenantId"), "name", field("name"), "phone", field("phone"));
            case "send" -> Map.of("tenantId", field("tenantId"), "contactId", field("contactId"), "message",
                    field("message"));
            case "setTenantNumber" -> Map.of("phoneNumberId", field("phoneNumberId"), "accessToken",
                    field("accessToken"));
            case "webhookReceive" -> Map.of("object", "whatsapp_business_account", "entry", List.of(Map.of(
                    "id", "880480571844883", "changes", List.of(Map.of("field", "messages", "value", Map.of(
                            "messaging_product", "whatsapp",
                            "metadata", Map.of("display_phone_number", "15550001111", "phone_number_id", "1234567890"),
                            "statuses", List.of(Map.of("id", "wamid.FUZZ" + random.nextInt(1_000_000), "status",
                                    "read", "timestamp", "1673020317", "recipient_id", "1111111111111"))))))));
            default -> Map.of();
        };
        return Api.json(fields);
    }

    /** A valid value for a body field the gateway knows by name, or null. */
    private Object field(String name) {
        return switch (name) {
            case "tenantId" -> fixtures.tenantId();
            case "contactId" -> fixtures.contactId();
            case "name" -> "Fuzz " + random.nextInt(1_000_000);
            case "phone" -> String.format("+9198%08d", random.nextInt(100_000_000));
            case "message" -> "fuzz " + random.nextInt(1_000_000);
            case "phoneNumberId" -> String.valueOf(100_000_000_000L + random.nextInt(1_000_000_000));
            case "accessToken" -> "fuzz-token-" + random.nextInt(1_000_000);
            default -> null;
        };
    }

    /** A valid value of a schema: its enum's, a number in its range, a UUID, a word. */
    private Object value(Schema<?> schema) {
        if (schema == null) {
            return "fuzz";
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return schema.getEnum().get(random.nextInt(schema.getEnum().size()));
        }
        String type = schema.getType() == null ? "string" : schema.getType();
        return switch (type) {
            case "integer", "number" -> {
                int low = schema.getMinimum() == null ? 1 : schema.getMinimum().intValue();
                int high = schema.getMaximum() == null ? low + 100 : schema.getMaximum().intValue();
                yield low + random.nextInt(high - low + 1);
            }
            case "boolean" -> true;
            case "object" -> JSON.createObjectNode();
            case "array" -> JSON.createArrayNode();
            default -> "uuid".equals(schema.getFormat()) ? UUID.randomUUID().toString()
                    : "fuzz" + random.nextInt(1_000_000);
        };
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fixtures.appSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
