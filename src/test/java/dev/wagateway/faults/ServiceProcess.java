package dev.wagateway.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged service ({@code target/whatsapp-gateway-*.jar}, built by {@code package} before failsafe runs) as an
 * operating-system process, as it runs in production: started with environment variables, killed with SIGKILL,
 * stopped with SIGTERM. Its output goes to {@code target/faults/<name>.log}. It runs in a fresh, empty working
 * directory, not the project's root: nothing it needs (its routes above all) may come from beside it.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private final Path workingDirectory;

    private ServiceProcess(String name, Process process, int port, Path log, Path workingDirectory) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.workingDirectory = workingDirectory;
    }

    /** Starts the jar with {@code env} (on top of a working minimum) and waits until it is ready. */
    static ServiceProcess start(String name, Map<String, String> env) {
        return start(name, env, "512m");
    }

    /** The same with this largest heap ({@code -Xmx}): {@code MediaStreamingIT} runs the service in a small one. */
    static ServiceProcess start(String name, Map<String, String> env, String maxHeap) {
        try {
            return start(name, env, maxHeap, LaunchCommand.jarArguments(jar()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same, launched with these JVM arguments after the heap's ({@link LaunchCommand}: the jar and how). */
    static ServiceProcess start(String name, Map<String, String> env, String maxHeap, List<String> launch) {
        try {
            int port = freePort();
            Path log = Path.of("target", "faults", name + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            Path inbox = Files.createTempDirectory("faults-inbox");
            Path workingDirectory = Files.createTempDirectory("faults-" + name + "-");
            workingDirectory.toFile().deleteOnExit(); // when still empty
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1"));
            command.addAll(launch);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.remove("CAMEL_ROUTES_INCLUDE_PATTERN"); // the jar's own routes, unless a test sets it
            environment.put("SERVER_PORT", String.valueOf(port));
            environment.put("INBOX_DIR", inbox.toString());
            environment.put("ADMIN_API_KEY", FaultsEnvironment.ADMIN_KEY);
            environment.put("REDELIVERY_INTERVAL", "250ms");
            environment.put("REDELIVERY_BACKOFF_BASE", "1s");
            environment.put("REDELIVERY_BACKOFF_MAX", "2s");
            environment.put("WHATSAPP_PAIR_INTERVAL", "0s");
            environment.put("WHATSAPP_RATE_LIMIT", "0");
            environment.put("MONITORING_CACHE", "200ms");
            environment.putAll(env);
            ServiceProcess service = new ServiceProcess(name, builder.start(), port, log, workingDirectory);
            service.awaitReady(Duration.ofSeconds(120));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the process runs: a fresh temporary directory, empty at its start. */
    Path workingDirectory() {
        return workingDirectory;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** GET on the service, answered or not (-1: no answer, e.g. connection refused). */
    int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5))
                    .GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitReady(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n"
                        + tail(60));
            }
            if (status("/actuator/health/readiness") == 200) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + patience + ":\n" + tail(60));
    }

    /** {@code kill -9}: no shutdown hook, no graceful anything. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** {@code kill -TERM}; whether the process exited within {@code patience}. */
    boolean terminate(Duration patience) {
        process.destroy();
        return waitFor(patience);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** The process's output so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private boolean waitFor(Duration patience) {
        try {
            return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("whatsapp-gateway-.*\\.jar"))
                    .map(Path::toAbsolutePath)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/whatsapp-gateway-*.jar: run ./mvnw verify"));
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
