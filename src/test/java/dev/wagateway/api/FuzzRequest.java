package dev.wagateway.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wagateway.Contract;

/**
 * One request of {@link ApiFuzzTest} as it goes on the wire: method, target (path and query, still encoded), headers
 * in order (a name may repeat) and body (null: none); the contract's operation it was made from (null: a method or
 * path the contract does not have), and what was made hostile in it.
 */
record FuzzRequest(String method, String target, List<Map.Entry<String, String>> headers, byte[] body,
        Contract.Operation operation, List<String> mutations) {

    private static final int SHOWN = 160;

    Map<String, List<String>> headerMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach(h -> map.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        return map;
    }

    /** The request in a few lines, long parts cut and bytes that are not printable shown as \xNN. */
    String describe() {
        StringBuilder out = new StringBuilder(method).append(' ').append(shorten(target));
        out.append("   [").append(operation == null ? "no operation" : operation.id()).append("; ")
                .append(mutations.isEmpty() ? "valid" : String.join(", ", mutations)).append(']');
        headers.forEach(h -> out.append("\n      ").append(h.getKey()).append(": ").append(shorten(h.getValue())));
        if (body != null) {
            out.append("\n      body (").append(body.length).append(" bytes): ").append(printable(body));
        }
        return out.toString();
    }

    static String shorten(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…(" + text.length() + " chars)";
    }

    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        String text = new String(bytes, 0, Math.min(bytes.length, SHOWN), StandardCharsets.ISO_8859_1);
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return bytes.length > SHOWN ? out + "…" : out.toString();
    }
}
