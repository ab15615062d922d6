package dev.wagateway.config;

import java.util.TreeMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A setting that fails its check, or cannot be read as its type, stops start-up with one line per bad setting:
 * {@code Invalid configuration: WHATSAPP_API_VERSION (whatsapp.api-version) = 'v25' — expected vNN.N, e.g. v25.0}.
 * Secrets are never quoted, only their length. Registered in {@code META-INF/spring.factories}.
 */
public class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    /** What to do, for every bad setting (also {@link InvalidSettingAnalyzer}'s). */
    static final String ACTION = "Set the environment variable (or property) named above to the expected form;"
            + " docs/configuration.md lists every setting.";

    /** Before Spring Boot's own bind analyzers, which write a table of several lines. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        BindValidationException invalid = findCause(cause, BindValidationException.class);
        String description = invalid != null ? describe(cause, invalid) : describeUnreadable(cause);
        return new FailureAnalysis(description, ACTION, cause);
    }

    private static String describe(BindException cause, BindValidationException invalid) {
        Map<String, String> lines = new TreeMap<>();
        String prefix = cause.getName().toString();
        for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
            if (error instanceof FieldError field) {
                String property = prefix + "." + kebab(field.getField());
                ConfigurationProperty bound = invalid.getValidationErrors().getBoundProperties().stream()
                        .filter(p -> p.getName().toString().equals(property)).findFirst().orElse(null);
                Object value = bound != null ? bound.getValue() : field.getRejectedValue();
                lines.putIfAbsent(property, line(property, value, field.getDefaultMessage()));
            } else {
                lines.putIfAbsent(prefix, "Invalid configuration: " + prefix + " — " + error.getDefaultMessage());
            }
        }
        return String.join(System.lineSeparator(), lines.values());
    }

    private String describeUnreadable(BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        String name = property != null ? property.getName().toString() : cause.getName().toString();
        Object value = property != null ? property.getValue() : null;
        ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
        Class<?> type = conversion != null ? conversion.getTargetType().getType()
                : cause.getTarget().getType().resolve(Object.class);
        return line(name, value, expected(type));
    }

    /** The one line: variable, property, value (a secret's length only) and what is expected. */
    public static String line(String property, Object value, String expected) {
        return "Invalid configuration: " + EnvironmentNames.of(property) + " (" + property + ") = "
                + shown(property, value) + " — expected " + expected;
    }

    private static String shown(String property, Object value) {
        if (value == null) {
            return "(empty)";
        }
        String text = value.toString();
        return isSecret(property) ? "a secret of " + text.length() + " characters (not shown)" : "'" + text + "'";
    }

    static boolean isSecret(String property) {
        String name = property.toLowerCase(Locale.ROOT).replace("keystore", "store"); // a keystore's path is no secret
        return name.contains("key") || name.contains("secret") || name.contains("password") || name.contains("token");
    }

    private static String expected(Class<?> type) {
        if (type == java.time.Duration.class) {
            return "a duration, e.g. 500ms, 5s, 2m, 1h";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a value of type " + type.getSimpleName();
    }

    private static String kebab(String field) {
        return field.chars().mapToObj(c -> Character.isUpperCase(c) ? "-" + (char) Character.toLowerCase(c)
                : String.valueOf((char) c)).collect(Collectors.joining());
    }
}
