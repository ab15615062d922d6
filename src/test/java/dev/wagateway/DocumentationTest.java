package dev.wagateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The README and {@code docs/*.md} hold together, without a Spring context:
 * <ul>
 * <li>every relative link ({@code [text](target)}, images too; not in code) leads to a file or folder that exists,
 * and, with a {@code #fragment}, to a heading of that Markdown file, by GitHub's anchor rules: the heading's text
 * lower-cased, punctuation dropped (letters, digits, {@code _}, {@code -} and spaces kept), each space a {@code -},
 * and {@code -1}, {@code -2}... after a repeated one;
 * <li>the README has at most {@value #README_MAX_LINES} lines: it is the front door, the rest is in {@code docs/};
 * <li>the README's {@code mermaid} route diagram names only routes that exist, and every route that consumes from
 * outside the service.
 * </ul>
 * <b>How the diagram names a route.</b> A route is drawn as a node of Mermaid's subroutine shape, {@code
 * node[[route-id<br/>what it does]]}: the first word of its label (up to a space or {@code <br/>}) is the route's id.
 * Other shapes are not routes: rounded nodes {@code ([…])} are what the service consumes from outside, plain ones
 * {@code […]} the routes' steps. A route id is the {@code id} of a {@code - route:} entry of
 * {@code routes/*.camel.yaml}, or the {@code openApi.routeId} of a {@code - rest:} entry (the route Camel makes of the
 * contract). A route consumes from outside when its {@code from: uri:} is any endpoint but {@code direct:} or
 * {@code seda:} (platform-http, quartz, timer, file...); a {@code rest:} entry always does (HTTP).
 */
class DocumentationTest {

    static final int README_MAX_LINES = 250;
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Path ROUTES = Path.of("routes");
    /** Endpoints only other routes of the service send to. */
    private static final Set<String> INTERNAL_ENDPOINTS = Set.of("direct", "seda");

    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*```");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`\\n]*`+");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]\\n]*\\]\\(\\s*([^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern ROUTE_NODE = Pattern.compile("[A-Za-z0-9_]+\\[\\[(.+?)]]");

    @Test
    void every_relative_link_leads_to_a_file_and_its_heading() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents()) {
            Matcher link = LINK.matcher(prose(Files.readString(document)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("(?i)(https?|mailto|ftp):.*")) {
                    continue;
                }
                checked++;
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String fragment = hash < 0 ? null : target.substring(hash + 1);
                Path file = path.isEmpty() ? document : document.resolveSibling(path).normalize();
                if (!Files.exists(file)) {
                    broken.add(document + ": " + target + " (no " + file + ")");
                } else if (fragment != null && !(file.toString().endsWith(".md") && anchors(file).contains(fragment))) {
                    broken.add(document + ": " + target + " (no heading #" + fragment + " in " + file + ")");
                }
            }
        }
        assertThat(checked).as("relative links found").isGreaterThan(50);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void the_readme_is_a_front_door() throws IOException {
        assertThat(Files.readAllLines(README).size()).as("README.md's lines").isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void the_readmes_diagram_names_only_routes_that_exist_and_every_route_fed_from_outside() throws IOException {
        Map<String, Boolean> routes = routes(); // id -> consumes from outside
        Set<String> drawn = diagramRoutes();
        assertThat(drawn).as("routes drawn in the README's diagram").isNotEmpty();
        assertThat(routes.keySet()).as("route ids of routes/*.camel.yaml (the diagram names none other)")
                .containsAll(drawn);
        Set<String> fedFromOutside = new TreeSet<>();
        routes.forEach((id, outside) -> {
            if (outside) {
                fedFromOutside.add(id);
            }
        });
        assertThat(fedFromOutside).as("routes that consume from outside").contains("rest-api", "redelivery",
                "file-ingest", "webhook-sweep");
        assertThat(drawn).as("the diagram draws every route that consumes from outside").containsAll(fedFromOutside);
    }

    /** README.md and every docs/*.md. */
    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        assertThat(documents).hasSizeGreaterThan(5);
        return documents;
    }

    /** The text outside fenced code blocks, code spans blanked: what GitHub renders as prose, links included. */
    static String prose(String markdown) {
        StringBuilder prose = new StringBuilder();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).lookingAt()) {
                inFence = !inFence;
                prose.append('\n');
                continue;
            }
            prose.append(inFence ? "" : CODE_SPAN.matcher(line).replaceAll("code")).append('\n');
        }
        return prose.toString();
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new TreeMap<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(markdown)) {
            if (FENCE.matcher(line).lookingAt()) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inFence && heading.matches()) {
                String slug = slug(heading.group(1));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        }
        return anchors;
    }

    /** GitHub's anchor of a heading: a link's text only, lower case, punctuation dropped, spaces to dashes. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", "").replace(' ', '-');
    }

    /** The route ids the README's mermaid diagram draws: the first word of each {@code [[…]]} node's label. */
    private static Set<String> diagramRoutes() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("```mermaid\n");
        assertThat(start).as("the README has a mermaid diagram").isNotNegative();
        String diagram = readme.substring(start, readme.indexOf("\n```", start + 1));
        Set<String> ids = new TreeSet<>();
        Matcher node = ROUTE_NODE.matcher(diagram);
        while (node.find()) {
            ids.add(node.group(1).split("<br\\s*/?>|\\s", 2)[0]);
        }
        return ids;
    }

    /** Every route id of routes/*.camel.yaml, with whether it consumes from outside the service. */
    @SuppressWarnings("unchecked")
    private static Map<String, Boolean> routes() throws IOException {
        Map<String, Boolean> routes = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(ROUTES)) {
            files = list.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            List<Map<String, Object>> entries = new Yaml().load(Files.readString(file));
            for (Map<String, Object> entry : entries) {
                if (entry.get("route") instanceof Map<?, ?> route) {
                    Object id = route.get("id");
                    assertThat(id).as("every route of %s has an id", file).isNotNull();
                    String uri = String.valueOf(((Map<String, Object>) route.get("from")).get("uri"));
                    String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
                    routes.put(id.toString(), !INTERNAL_ENDPOINTS.contains(scheme));
                } else if (entry.get("rest") instanceof Map<?, ?> rest && rest.get("openApi") instanceof Map<?, ?> api) {
                    Object id = api.get("routeId");
                    assertThat(id).as("the contract's route in %s has an id (openApi.routeId)", file).isNotNull();
                    routes.put(id.toString(), true);
                }
            }
        }
        return routes;
    }
}
