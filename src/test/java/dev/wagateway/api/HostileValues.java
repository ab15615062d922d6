package dev.wagateway.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.Api;

/**
 * The hostile values {@link HostileRequests} puts into requests, by the part of the request they go into, each with a
 * label that names it in the request's list of mutations. Path and query values are raw target text: already
 * percent-encoded, or raw on purpose (UTF-8, a lone {@code %}), which then goes out on a socket ({@link RawHttp}).
 */
final class HostileValues {

    /** The parts of a request that are made hostile. */
    enum Part { ID, QUERY_VALUE, QUERY_SHAPE, BODY, CONTENT_TYPE, ACCEPT, KEY, SIGNATURE, METHOD, PATH }

    private record Choice<T>(String label, T make) {
    }

    private static List<Choice<String>> texts(String... labelsAndValues) {
        List<Choice<String>> choices = new ArrayList<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            choices.add(new Choice<>(labelsAndValues[i], labelsAndValues[i + 1]));
        }
        return List.copyOf(choices);
    }

    private static final List<Choice<String>> FIXED_IDS = texts(
            "non-UUID", "not-a-uuid", "number", "12345", "zero", "0", "negative", "-1", "empty", "", "null", "null",
            "very long", "a".repeat(3_000), "very long digits", "9".repeat(7_000), "raw unicode", "ünïcødé-😀",
            "encoded unicode", "%C3%BCn%C3%AFc%C3%B8d%C3%A9-%F0%9F%98%80", "encoded RTL override", "%E2%80%AE",
            "%2F", "%2F", "encoded slash inside", "a%2Fb", "encoded backslash", "%5C", "%00", "%00", "lone %", "%",
            "bad escape %zz", "%zz", "overlong UTF-8 slash", "%C0%AF", "invalid UTF-8 %FF", "%FF", "..", "..",
            ".", ".", "encoded ..", "%2E%2E", "traversal", "..%2F..%2Fetc%2Fpasswd", "space", "%20",
            "spaces inside", "a%20b%20c", "plus", "+", "SQL", "'%20OR%20'1'%3D'1",
            "markup", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "JNDI", "$%7Bjndi:ldap:%2F%2Fx%7D",
            "matrix parameter", ";jsessionid=1", "asterisk", "*", "tilde", "~");

    private static final List<Choice<String>> QUERY_VALUES = texts(
            "empty", "", "word", "abc", "negative", "-1", "zero", "0", "over 500", "501",
            "huge number", "99999999999999999999", "decimal", "1.5", "exponent", "1e3", "hex", "0x10", "NaN", "NaN",
            "padded", "%205%20", "%00", "%00", "lone %", "%", "bad escape", "%zz", "SQL", "%27%20OR%201%3D1--",
            "markup", "%3Cscript%3E", "encoded unicode", "%C3%BC%F0%9F%98%80", "raw unicode", "ü😀",
            "upper case", "SENT", "list", "sent,failed", "very long", "x".repeat(5_000), "non-UUID", "not-a-uuid");

    /** The shape of the query: labels only, {@link HostileRequests} makes them. */
    static final List<String> QUERY_SHAPES = List.of("repeated", "without a value", "key in the query",
            "only separators");

    private static final List<Choice<String>> CONTENT_TYPES = texts(
            "none", null, "multipart/form-data without boundary", "multipart/form-data", "text/plain", "text/plain",
            "application/xml", "application/xml", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded", "garbage", "garbage", "half a type", "application/",
            "semicolons", ";;;", "JSON with a charset", "application/json; charset=utf-8",
            "JSON in capitals", "APPLICATION/JSON", "JSON in latin1", "application/json; charset=iso-8859-1",
            "wildcard", "*/*");

    private static final List<Choice<String>> ACCEPTS = texts(
            "text/html", "text/html", "application/xml", "application/xml", "*/*", "*/*",
            "application/json", "application/json", "garbage", "garbage",
            "browser", "text/html,application/xhtml+xml,application/xml;q=0.9", "JSON refused", "application/json;q=0",
            "text/*", "text/*", "broken", "*/");

    private static final List<Choice<Function<ValidValues.Fixtures, String>>> KEYS = List.of(
            new Choice<>("tenant's", ValidValues.Fixtures::tenantKey), new Choice<>("operator's", f -> Api.ADMIN_KEY),
            new Choice<>("another tenant's", ValidValues.Fixtures::otherTenantKey), new Choice<>("none", f -> null),
            new Choice<>("garbage", f -> "garbage"),
            new Choice<>("unknown well-formed", f -> "wag_00000000_0000000000000000000000000000000000000000"),
            new Choice<>("SQL", f -> "' OR '1'='1"), new Choice<>("long", f -> "k".repeat(2_000)),
            new Choice<>("non-ASCII", f -> "ключ"), new Choice<>("empty", f -> ""));

    /** Index of the key "none" in {@link #KEYS}. */
    static final int NO_KEY = 3;

    private static final List<Choice<String>> SIGNATURES = texts(
            "none", null, "wrong", "sha256=" + "0".repeat(64), "garbage", "garbage", "empty", "");

    /** Index of the signature "none" in {@link #SIGNATURES}. */
    static final int NO_SIGNATURE = 0;

    /** Methods to try on a path that lacks them. */
    static final List<String> METHODS = List.of("PATCH", "PUT", "DELETE", "POST", "GET");

    /** Segments to add to a known path, making an unknown one. */
    static final List<String> UNKNOWN_SEGMENTS = List.of("extra", "unknown", "1", "api-keys", "retry", "whatsapp",
            "events", "send", "..%2Fadmin");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Random random;
    private final List<Choice<BiFunction<String, List<String>, String>>> ids;
    private final List<Choice<Function<String, byte[]>>> bodies;

    HostileValues(Random random) {
        this.random = random;
        List<Choice<BiFunction<String, List<String>, String>>> allIds = new ArrayList<>();
        FIXED_IDS.forEach(c -> allIds.add(new Choice<>(c.label(), (valid, others) -> c.make())));
        allIds.add(new Choice<>("random UUID", (valid, others) -> UUID.randomUUID().toString()));
        allIds.add(new Choice<>("another kind's id", (valid, others) -> others.get(random.nextInt(others.size()))));
        allIds.add(new Choice<>("UUID in capitals", (valid, others) -> valid.toUpperCase(Locale.ROOT)));
        allIds.add(new Choice<>("UUID and %00", (valid, others) -> valid + "%00"));
        this.ids = List.copyOf(allIds);
        this.bodies = bodies();
    }

    /** How many hostile values a part has (METHOD and PATH: how many methods and unknown segments to try). */
    int count(Part part) {
        return switch (part) {
            case ID -> ids.size();
            case QUERY_VALUE -> QUERY_VALUES.size();
            case QUERY_SHAPE -> QUERY_SHAPES.size();
            case BODY -> bodies.size();
            case CONTENT_TYPE -> CONTENT_TYPES.size();
            case ACCEPT -> ACCEPTS.size();
            case KEY -> KEYS.size();
            case SIGNATURE -> SIGNATURES.size();
            case METHOD -> METHODS.size();
            case PATH -> UNKNOWN_SEGMENTS.size();
        };
    }

    /** Hostile id {@code index} in place of {@code valid} ({@code others}: real ids of other kinds). */
    String id(int index, String valid, List<String> others, List<String> mutations) {
        mutations.add("id: " + ids.get(index).label());
        return ids.get(index).make().apply(valid, others);
    }

    String queryValue(int index, String parameter, List<String> mutations) {
        mutations.add("query " + parameter + ": " + QUERY_VALUES.get(index).label());
        return QUERY_VALUES.get(index).make();
    }

    /** Hostile body {@code index}, made from a valid JSON one (which may be "{}"). */
    byte[] body(int index, String validJson, List<String> mutations) {
        mutations.add("body: " + bodies.get(index).label());
        return bodies.get(index).make().apply(validJson);
    }

    /** Hostile Content-Type {@code index}; null: none. */
    String contentType(int index, List<String> mutations) {
        mutations.add("Content-Type: " + CONTENT_TYPES.get(index).label());
        return CONTENT_TYPES.get(index).make();
    }

    String accept(int index, List<String> mutations) {
        mutations.add("Accept: " + ACCEPTS.get(index).label());
        return ACCEPTS.get(index).make();
    }

    /** Key {@code index}: another kind of valid key, none (null), or garbage. */
    String key(int index, ValidValues.Fixtures fixtures, List<String> mutations) {
        mutations.add("key: " + KEYS.get(index).label());
        return KEYS.get(index).make().apply(fixtures);
    }

    /** Signature {@code index}: none (null), a wrong one, garbage. */
    String signature(int index, String header, List<String> mutations) {
        mutations.add(header + ": " + SIGNATURES.get(index).label());
        return SIGNATURES.get(index).make();
    }

    private List<Choice<Function<String, byte[]>>> bodies() {
        return List.of(
                text("empty", valid -> ""),
                text("null", valid -> "null"),
                text("array", valid -> "[" + valid + "]"),
                text("string", valid -> "\"" + valid.replace("\"", "'") + "\""),
                text("number", valid -> "42"),
                text("boolean", valid -> "true"),
                text("empty object", valid -> "{}"),
                text("a field of the wrong type", this::wrongType),
                text("an unknown field", valid -> withValue(valid, "unknownField", "x")),
                text("a 200 KB string", valid -> withValue(valid, firstField(valid), "s".repeat(200_000))),
                text("over 1 MiB", valid -> withValue(valid, firstField(valid), "s".repeat(1_100_000))),
                text("nested 20000 deep", valid -> "[".repeat(20_000) + "]".repeat(20_000)),
                text("object nested 2000 deep", valid -> withRaw(valid, "deep",
                        "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000))),
                new Choice<>("invalid UTF-8", valid -> withRawBytes(valid, new byte[] {'"', (byte) 0xC3, 0x28, '"'})),
                new Choice<>("overlong UTF-8", valid -> withRawBytes(valid,
                        new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'})),
                text("trailing garbage", valid -> valid + "xyz"),
                text("two documents", valid -> valid + valid),
                new Choice<>("byte order mark", valid -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        valid.getBytes(StandardCharsets.UTF_8))),
                text("truncated", valid -> valid.substring(0, valid.length() / 2)),
                text("lone surrogate", valid -> withRaw(valid, firstField(valid), "\"\\uD800\"")),
                text("form-encoded", valid -> "name=x&phone=%2B14155550100"),
                new Choice<>("random bytes", valid -> {
                    byte[] noise = new byte[1 + random.nextInt(2_048)];
                    random.nextBytes(noise);
                    return noise;
                }));
    }

    private static Choice<Function<String, byte[]>> text(String label, Function<String, String> make) {
        return new Choice<>(label, valid -> make.apply(valid).getBytes(StandardCharsets.UTF_8));
    }

    private String wrongType(String validJson) {
        List<String> names = new ArrayList<>();
        read(validJson).fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() ? "field" : names.get(random.nextInt(names.size()));
        Object[] wrong = {42, true, null, JSON.createObjectNode(), JSON.createArrayNode(), -1, 1e308, ""};
        return withValue(validJson, field, wrong[random.nextInt(wrong.length)]);
    }

    private static String firstField(String validJson) {
        Iterator<String> names = read(validJson).fieldNames();
        return names.hasNext() ? names.next() : "field";
    }

    private static String withValue(String validJson, String field, Object value) {
        JsonNode node = read(validJson);
        ObjectNode object = node.isObject() ? (ObjectNode) node : JSON.createObjectNode();
        object.set(field, JSON.valueToTree(value));
        return object.toString();
    }

    /** The valid body with {@code field} set to raw JSON text (which need not be valid). */
    private static String withRaw(String validJson, String field, String rawValue) {
        return withValue(validJson, field, "__RAW__").replace("\"__RAW__\"", rawValue);
    }

    private static byte[] withRawBytes(String validJson, byte[] rawValue) {
        String[] parts = withValue(validJson, firstField(validJson), "__RAW__").split("\"__RAW__\"", 2);
        return concat(concat(parts[0].getBytes(StandardCharsets.UTF_8), rawValue),
                parts[1].getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
