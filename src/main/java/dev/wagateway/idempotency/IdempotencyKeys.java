package dev.wagateway.idempotency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * What a request's {@code Idempotency-Key} header is, without the database: the key itself (checked: 1 to 255
 * printable ASCII characters) and the fingerprint of the request it came with. Both are null without the header, and
 * then nothing else about idempotency happens.
 */
@Component("idempotencyKeys")
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    private final ObjectMapper json;

    public IdempotencyKeys(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The request's key; null without the header. 400 VALIDATION_ERROR when it is empty, longer than 255 characters,
     * holds a character outside printable ASCII (0x20 to 0x7E), or is given more than once.
     * <p>
     * Read from the servlet request as sent: Camel's copy in the message headers takes a value in brackets
     * ({@code [a,b]}) for a list of values, which would make one key another.
     */
    public String key(Exchange exchange) {
        List<String> values;
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            values = Collections.list(http.getRequest().getHeaders(HEADER));
        } else {
            Object header = exchange.getIn().getHeader(HEADER);
            values = header == null ? List.of() : header instanceof Collection<?> many
                    ? many.stream().map(String::valueOf).toList() : List.of(header.toString());
        }
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.validation(HEADER + " must be given once");
        }
        return check(values.get(0));
    }

    /** The key, if it is 1 to 255 printable ASCII characters; else 400 VALIDATION_ERROR. */
    static String check(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw ApiException.validation(HEADER + " must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw ApiException.validation(HEADER + " must be printable ASCII characters only");
            }
        }
        return key;
    }

    /**
     * SHA-256 of the request as parsed ({@code request}: the route's request record, or a JSON tree), written as
     * canonical JSON: object fields in name order, null fields left out (as absent). Two bodies that differ only in
     * spacing, field order, an explicit null or a field the request does not read have the same fingerprint. Null
     * without a key.
     */
    public byte[] fingerprint(String key, Object request) {
        if (key == null) {
            return null;
        }
        try {
            byte[] canonical = json.writeValueAsBytes(canonical(json.valueToTree(request)));
            return MessageDigest.getInstance("SHA-256").digest(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request cannot be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The tree with every object's fields sorted by name and its null fields dropped (arrays keep their order). */
    static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    sorted.put(field.getKey(), canonical(field.getValue()));
                }
            }
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            sorted.forEach(object::set);
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }
}
