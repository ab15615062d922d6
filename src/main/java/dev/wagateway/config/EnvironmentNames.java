package dev.wagateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The environment variable behind each property, as {@code application.yml} names it ({@code ${ENV:default}}):
 * {@code redelivery.max-attempts} is set by {@code MAX_ATTEMPTS}, not by its relaxed name. A property without a
 * placeholder falls back to Spring's relaxed name ({@code a.b-c} → {@code A_B_C}).
 */
public final class EnvironmentNames {

    /** One {@code ${ENV:default}} of application.yml. */
    public record Placeholder(String env, String defaultValue) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):(.*)}");
    private static final Map<String, Placeholder> APPLICATION_YML = load("/application.yml");

    private EnvironmentNames() {
    }

    /** The environment variable that sets this property ({@code whatsapp.api-version} → {@code WHATSAPP_API_VERSION}). */
    public static String of(String property) {
        Placeholder placeholder = APPLICATION_YML.get(property);
        return placeholder != null ? placeholder.env()
                : property.replaceAll("[.\\-\\[\\]]+", "_").replaceAll("_$", "").toUpperCase(Locale.ROOT);
    }

    /** Every property of application.yml set by a placeholder, in file order. */
    public static Map<String, Placeholder> placeholders() {
        return APPLICATION_YML;
    }

    static Map<String, Placeholder> load(String resource) {
        try (InputStream in = EnvironmentNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, Placeholder> found = new LinkedHashMap<>();
            collect("", new Yaml().load(in), found);
            return Collections.unmodifiableMap(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(String prefix, Object node, Map<String, Placeholder> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value,
                    found));
        } else if (node instanceof String text) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            if (matcher.matches()) {
                found.put(prefix, new Placeholder(matcher.group(1), matcher.group(2)));
            }
        }
    }
}
