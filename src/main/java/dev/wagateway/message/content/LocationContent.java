package dev.wagateway.message.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;

/**
 * {@code location}: {@code {latitude, longitude, name?, address?}}, latitude within ±90 and longitude within ±180
 * degrees; written as the Cloud API's location object (same field names).
 */
final class LocationContent {

    static final int MAX_TEXT = 1000;

    private LocationContent() {
    }

    static ObjectNode of(JsonNode location) {
        Fields.object(location, "location");
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("latitude", coordinate(location.get("latitude"), "location.latitude", 90));
        content.put("longitude", coordinate(location.get("longitude"), "location.longitude", 180));
        String name = Fields.optionalText(location.get("name"), "location.name", MAX_TEXT);
        if (name != null) {
            content.put("name", name);
        }
        String address = Fields.optionalText(location.get("address"), "location.address", MAX_TEXT);
        if (address != null) {
            content.put("address", address);
        }
        return content;
    }

    private static double coordinate(JsonNode node, String field, int range) {
        if (Fields.absent(node)) {
            throw ApiException.validation(field + " is required");
        }
        if (!node.isNumber()) {
            throw ApiException.validation(field + " must be a number");
        }
        double value = node.asDouble();
        if (!Double.isFinite(value) || value < -range || value > range) {
            throw ApiException.validation(field + " must be between -" + range + " and " + range);
        }
        return value;
    }
}
