package dev.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.validation.annotation.Validated;

/**
 * The table of every setting (docs/configuration.md, "## All settings"), application.yml and the settings classes say
 * the same thing: every property of every {@code @ConfigurationProperties} class has its row (variable, property,
 * default) and its {@code ${ENV:default}} line, every row is such a line, and each class is {@code @Validated}.
 */
class ConfigurationTableTest {

    /** Rows for Spring Boot's and Camel's own settings (no class of ours binds them). */
    private static final Set<String> FRAMEWORK_PROPERTIES = Set.of("server.port", "camel.main.routes-include-pattern",
            "camel.component.http.max-total-connections", "camel.component.http.connections-per-route",
            "spring.datasource.hikari.maximum-pool-size", "server.forward-headers-strategy");
    static final Path TABLE_FILE = Path.of("docs/configuration.md");
    static final String TABLE_SECTION = "## All settings";
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| `([a-z0-9.\\-]+)`[^|]* \\| ([^|]+) \\|");

    record Row(String env, String property, String defaultValue) {
    }

    @Test
    void everySettingOfEveryPropertiesClassHasItsRowAndItsLine() throws Exception {
        Map<String, Row> table = configurationTable();
        Map<String, EnvironmentNames.Placeholder> yml = EnvironmentNames.placeholders();
        Set<String> properties = settingsClassProperties();
        assertThat(properties).hasSizeGreaterThan(40);
        assertThat(table.keySet()).as("docs/configuration.md rows for the settings classes' properties").containsAll(properties);
        assertThat(yml.keySet()).as("application.yml ${ENV:default} lines for them").containsAll(properties);
        Set<String> notOurs = new TreeSet<>(table.keySet());
        notOurs.removeAll(properties);
        assertThat(FRAMEWORK_PROPERTIES).as("docs/configuration.md rows that no settings class binds").containsAll(notOurs);
    }

    @Test
    void everyRowIsApplicationYmlsLineWithItsVariableAndDefault() throws IOException {
        Map<String, Row> table = configurationTable();
        Map<String, EnvironmentNames.Placeholder> yml = EnvironmentNames.placeholders();
        Set<String> ymlVariables = yml.values().stream().map(EnvironmentNames.Placeholder::env)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tableVariables = table.values().stream().map(Row::env).collect(Collectors.toCollection(TreeSet::new));
        assertThat(tableVariables).as("docs/configuration.md variables = application.yml variables").isEqualTo(ymlVariables);
        for (Row row : table.values()) {
            EnvironmentNames.Placeholder line = yml.get(row.property());
            assertThat(line).as("application.yml line of %s", row.property()).isNotNull();
            assertThat(line.env()).as("variable of %s", row.property()).isEqualTo(row.env());
            String documented = row.defaultValue().strip();
            if (documented.startsWith("`")) {
                assertThat(documented).as("default of %s", row.env()).isEqualTo("`" + line.defaultValue() + "`");
            } else {
                // "empty", or what an empty value means ("the host name"): application.yml's default is empty
                assertThat(line.defaultValue()).as("default of %s (docs/configuration.md: %s)", row.env(), documented).isEmpty();
            }
        }
    }

    @Test
    void everySettingsClassIsValidated() throws ClassNotFoundException {
        for (Class<?> type : settingsClasses()) {
            assertThat(type.isAnnotationPresent(Validated.class)).as("%s is @Validated", type.getSimpleName()).isTrue();
        }
    }

    /** The rows of docs/configuration.md's "## All settings" table, by property. */
    static Map<String, Row> configurationTable() throws IOException {
        String text = Files.readString(TABLE_FILE);
        int start = text.indexOf("\n" + TABLE_SECTION + "\n");
        assertThat(start).as("%s has a section %s", TABLE_FILE, TABLE_SECTION).isNotNegative();
        String section = text.substring(start + 1);
        int next = section.indexOf("\n## ");
        section = next < 0 ? section : section.substring(0, next);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            Matcher matcher = ROW.matcher(line);
            if (matcher.find()) {
                Row row = new Row(matcher.group(1), matcher.group(2), matcher.group(3));
                assertThat(rows.put(row.property(), row)).as("one row for %s", row.property()).isNull();
            }
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    static List<Class<?>> settingsClasses() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> classes = new java.util.ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("dev.wagateway")) {
            classes.add(Class.forName(candidate.getBeanClassName()));
        }
        return classes;
    }

    /** Every property the settings classes bind: prefix + each record component in kebab case, nested records too. */
    static Set<String> settingsClassProperties() throws ClassNotFoundException {
        Set<String> properties = new TreeSet<>();
        for (Class<?> type : settingsClasses()) {
            assertThat(type.isRecord()).as("%s is a record", type.getSimpleName()).isTrue();
            collect(type.getAnnotation(ConfigurationProperties.class).prefix(), type, properties);
        }
        return properties;
    }

    private static void collect(String prefix, Class<?> record, Set<String> properties) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            if (component.getType().isRecord()) {
                collect(name, component.getType(), properties);
            } else {
                properties.add(name);
            }
        }
    }
}
