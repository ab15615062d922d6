package dev.wagateway.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the service answered a {@link FuzzRequest}: status (-1: no answer), headers and body as text. */
record FuzzAnswer(int status, Map<String, List<String>> headers, String body) {

    static FuzzAnswer none(String why) {
        return new FuzzAnswer(-1, Map.of(), why);
    }

    /** The Content-Type's media type, lower case, without parameters ("" when there is none). */
    String mediaType() {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .flatMap(e -> e.getValue().stream()).findFirst()
                .map(v -> v.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse("");
    }
}
