package dev.wagateway.message;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;

/**
 * The {@code template} of a template send: {@code {name, language, components}} checked (VALIDATION_ERROR naming
 * the field) and written as the Cloud API's {@code template} object, which is what the message stores and sends.
 * {@code language} is a code ({@code "en_US"}) or the API's own {@code {"code": "en_US"}}; {@code components} (the
 * header, body and button parameters) is passed through as given: whether it fits the approved template is for
 * WhatsApp to say (132000, 132001...).
 */
final class TemplateRequests {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z]{2,4})?");
    private static final int MAX_JSON_LENGTH = 32_768;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateRequests() {
    }

    /** The Cloud API {@code template} object as JSON text. */
    static String canonical(JsonNode template) {
        if (template == null || template.isNull() || template.isMissingNode()) {
            throw ApiException.validation("template is required for a template message");
        }
        if (!template.isObject()) {
            throw ApiException.validation("template must be an object with name, language and components");
        }
        String name = template.path("name").isTextual() ? template.path("name").asText() : null;
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.validation("template.name must be the template's name: lower-case letters, digits"
                    + " and underscores");
        }
        JsonNode language = template.path("language");
        String code = language.isTextual() ? language.asText() : language.path("code").isTextual()
                ? language.path("code").asText() : null;
        if (code == null || !LANGUAGE.matcher(code).matches()) {
            throw ApiException.validation("template.language must be a language code such as en or en_US");
        }
        ObjectNode canonical = JSON.createObjectNode();
        canonical.put("name", name);
        canonical.putObject("language").put("code", code);
        JsonNode components = template.path("components");
        if (!components.isMissingNode() && !components.isNull()) {
            if (!components.isArray()) {
                throw ApiException.validation("template.components must be an array");
            }
            for (JsonNode component : components) {
                if (!component.isObject() || !component.path("type").isTextual()) {
                    throw ApiException.validation("each of template.components must be an object with a type");
                }
            }
            canonical.set("components", components);
        }
        String json = canonical.toString();
        if (json.length() > MAX_JSON_LENGTH) {
            throw ApiException.validation("template is larger than " + MAX_JSON_LENGTH + " characters");
        }
        return json;
    }
}
