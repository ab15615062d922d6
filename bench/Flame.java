import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Turns a JFR recording's CPU samples (jdk.ExecutionSample) into a flame graph: one self-contained HTML page (no
 * script or font from the web), the root at the bottom, each frame as wide as the samples it was on the stack of;
 * hover for the figures, click a frame to zoom in, click the bottom bar to zoom out. Frames are coloured by library
 * (the service's own code green). Also prints, and heads the page with, the samples by the nearest library frame
 * (the first frame from the top that is not the JDK's).
 *
 *   java bench/Flame.java recording.jfr out.html "title"
 */
public class Flame {

    static final String[][] GROUPS = {
            {"dev.wagateway.", "our code", "#5cb85c"}, {"org.apache.camel.", "Camel", "#f0a030"},
            {"org.hibernate.", "Hibernate", "#c9a0dc"}, {"org.springframework.", "Spring", "#8fc46a"},
            {"org.apache.catalina.", "Tomcat", "#e8c547"}, {"org.apache.coyote.", "Tomcat", "#e8c547"},
            {"org.apache.tomcat.", "Tomcat", "#e8c547"}, {"org.apache.hc.", "Apache HttpClient", "#6fb1e0"},
            {"com.fasterxml.", "Jackson", "#e07b91"}, {"org.postgresql.", "PostgreSQL driver", "#4f7fc0"},
            {"com.zaxxer.", "HikariCP", "#9ab"}, {"io.micrometer.", "Micrometer", "#b8a"},
            {"io.github.bucket4j.", "Bucket4j", "#d98"}, {"org.quartz.", "Quartz", "#ab9"},
            {"ch.qos.logback.", "logging", "#cc9"}, {"org.slf4j.", "logging", "#cc9"},
            {"io.github.resilience4j.", "Resilience4j", "#9cc"}, {"java.", "JDK", "#e86b5b"},
            {"jdk.", "JDK", "#e86b5b"}, {"sun.", "JDK", "#e86b5b"}, {"com.sun.", "JDK", "#e86b5b"}};

    static final class Node {
        final String name;
        long total;
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String name) {
            this.name = name;
        }
    }

    public static void main(String[] args) throws Exception {
        Node root = new Node("all");
        Map<String, Long> byLibrary = new TreeMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames(); // top of the stack first
            root.total++;
            Node node = root;
            for (int i = frames.size() - 1; i >= 0; i--) {
                String name = name(frames.get(i));
                node = node.children.computeIfAbsent(name, Node::new);
                node.total++;
            }
            String library = "JDK";
            for (RecordedFrame frame : frames) {
                String group = group(name(frame))[1];
                if (!group.equals("JDK")) {
                    library = group;
                    break;
                }
            }
            byLibrary.merge(library, 1L, Long::sum);
        }
        StringBuilder summary = new StringBuilder();
        byLibrary.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e ->
                summary.append(summary.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(Math.round(100.0 * e.getValue() / Math.max(1, root.total))).append(" %"));
        System.out.println(root.total + " samples; by nearest library frame: " + summary);

        StringBuilder json = new StringBuilder();
        write(root, json, Math.max(1, root.total / 2000)); // frames under 0.05 % of the samples are left out
        String legend = new StringBuilder().append(root.total).append(" CPU samples (jdk.ExecutionSample); by nearest ")
                .append("library frame: ").append(summary).toString();
        String colours = "[" + String.join(",", Arrays.stream(GROUPS)
                .map(g -> "[\"" + g[0] + "\",\"" + g[2] + "\"]").toList()) + "]";
        Files.writeString(Path.of(args[1]), PAGE.replace("%TITLE%", escape(args[2]))
                .replace("%LEGEND%", escape(legend)).replace("%COLOURS%", colours).replace("%TREE%", json));
    }

    static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static String[] group(String frame) {
        for (String[] g : GROUPS) {
            if (frame.startsWith(g[0])) {
                return g;
            }
        }
        return new String[] {"", "other", "#bbb"};
    }

    /** The tree as nested arrays [name, samples, [children...]], children below minSamples dropped. */
    static void write(Node node, StringBuilder out, long minSamples) {
        out.append("[\"").append(node.name.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",")
                .append(node.total).append(",[");
        List<Node> kept = new ArrayList<>();
        for (Node child : node.children.values()) {
            if (child.total >= minSamples) {
                kept.add(child);
            }
        }
        kept.sort((a, b) -> a.name.compareTo(b.name));
        for (int i = 0; i < kept.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(kept.get(i), out, minSamples);
        }
        out.append("]]");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>%TITLE%</title>
            <style>
            body { font: 12px sans-serif; margin: 12px; }
            #graph { position: relative; width: 100%; }
            .f { position: absolute; height: 16px; line-height: 16px; overflow: hidden; white-space: nowrap;
                 text-overflow: ellipsis; box-sizing: border-box; border: 1px solid #fff; padding-left: 2px;
                 cursor: pointer; font: 11px monospace; }
            .f:hover { border-color: #000; }
            #info { height: 16px; font: 11px monospace; margin: 6px 0; }
            </style></head><body>
            <h3>%TITLE%</h3>
            <div>%LEGEND%</div>
            <div id="info">hover a frame; click to zoom in, the bottom bar to zoom out</div>
            <div id="graph"></div>
            <script>
            const tree = %TREE%;
            const colours = %COLOURS%;
            const graph = document.getElementById('graph'), info = document.getElementById('info');
            function colour(name) {
              for (const [prefix, c] of colours) if (name.startsWith(prefix)) return c;
              return '#bbb';
            }
            function depth(n) { return 1 + n[2].reduce((d, c) => Math.max(d, depth(c)), 0); }
            function draw(focus, path) {
              graph.innerHTML = '';
              const levels = path.length + depth(focus), width = graph.clientWidth, total = tree[1];
              graph.style.height = (levels * 17) + 'px';
              const bar = (n, x, w, level, onclick) => {
                if (w < 1) return;
                const d = document.createElement('div');
                d.className = 'f'; d.textContent = n[0];
                d.style.left = x + 'px'; d.style.width = w + 'px'; d.style.top = ((levels - 1 - level) * 17) + 'px';
                d.style.background = colour(n[0]);
                const pct = (100 * n[1] / total).toFixed(2);
                d.onmouseover = () => info.textContent = n[0] + ' - ' + n[1] + ' samples (' + pct + ' %)';
                d.onclick = onclick;
                graph.appendChild(d);
              };
              path.forEach((n, i) => bar(n, 0, width, i, () => draw(n, path.slice(0, i))));
              const walk = (n, x, w, level) => {
                bar(n, x, w, level, () => draw(n, ancestors(n)));
                let cx = x;
                for (const c of n[2]) { const cw = w * c[1] / n[1]; walk(c, cx, cw, level + 1); cx += cw; }
              };
              walk(focus, 0, width, path.length);
            }
            function ancestors(target) {
              const find = (n, trail) => {
                if (n === target) return trail;
                for (const c of n[2]) { const r = find(c, trail.concat([n])); if (r) return r; }
                return null;
              };
              return find(tree, []) || [];
            }
            draw(tree, []);
            window.onresize = () => draw(tree, []);
            </script></body></html>
            """;
}
