package dev.wagateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/**
 * Reading {@code routes/} alone explains where every value comes from: each exchange property a step reads
 * ({@code ${exchangeProperty.x}}, {@code :#${exchangeProperty.x}}) is set by a visible {@code setProperty} step of the
 * route files, never as a side effect inside a bean. A route file stays under 250 lines.
 */
class RoutePropertiesTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Pattern READ = Pattern.compile("exchangeProperty[.\\[]([A-Za-z_][A-Za-z0-9_]*)");
    /** Properties Camel itself sets (none read today; listed here if one ever is). */
    private static final Set<String> CAMEL_OWN = Set.of();

    @Test
    void every_property_a_step_reads_is_set_by_a_visible_step() throws IOException {
        Map<String, Set<String>> reads = new TreeMap<>();
        Set<String> sets = new TreeSet<>();
        for (Path file : files()) {
            walk(new YAMLMapper().readTree(file.toFile()), file.getFileName().toString(), reads, sets);
        }
        assertThat(reads).as("properties read in routes/").isNotEmpty();
        Map<String, Set<String>> unset = new TreeMap<>(reads);
        unset.keySet().removeAll(sets);
        unset.keySet().removeAll(CAMEL_OWN);
        assertThat(unset).as("properties read (with the files reading them) that no setProperty step sets").isEmpty();
    }

    @Test
    void every_route_file_is_under_250_lines() throws IOException {
        for (Path file : files()) {
            assertThat(Files.readAllLines(file)).as(file.toString()).hasSizeLessThan(250);
        }
    }

    private static void walk(JsonNode node, String file, Map<String, Set<String>> reads, Set<String> sets) {
        if (node.isObject()) {
            JsonNode set = node.get("setProperty");
            if (set != null && set.hasNonNull("name")) {
                sets.add(set.get("name").asText());
            }
            node.fields().forEachRemaining(field -> walk(field.getValue(), file, reads, sets));
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, file, reads, sets));
        } else if (node.isTextual()) {
            Matcher read = READ.matcher(node.asText());
            while (read.find()) {
                reads.computeIfAbsent(read.group(1), name -> new TreeSet<>()).add(file);
            }
        }
    }

    private static java.util.List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            return files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
