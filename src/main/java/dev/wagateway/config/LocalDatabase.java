package dev.wagateway.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * {@code ./mvnw spring-boot:run} starts docker-compose.yml's PostgreSQL and WhatsApp sandbox through Spring Boot's
 * Docker Compose support (spring-boot-docker-compose: an optional, development-only dependency, left out of the
 * packaged jar). Before it runs: without a working Docker it would stop start-up with a stack trace, so Docker Compose
 * is switched off and one line says how to use a PostgreSQL of one's own and to start the sandbox by hand; with
 * {@code DB_URL} set, that database is used and Docker is left alone. Does nothing in the jar (no Docker Compose
 * support on the class path) and in tests (Spring Boot skips Docker Compose there).
 */
public class LocalDatabase implements EnvironmentPostProcessor {

    static final String ADVICE = "No Docker found: set DB_URL=jdbc:postgresql://host:5432/db (and DB_USERNAME/DB_PASSWORD)"
            + " to use your own PostgreSQL, and start the WhatsApp sandbox on :8089 by hand (README: Quick start)";
    static final String OWN_DATABASE = "DB_URL is set: using that PostgreSQL, not docker-compose.yml's (Docker Compose"
            + " is off: start the WhatsApp sandbox on :8089 by hand)";
    private static final String COMPOSE_SUPPORT = "org.springframework.boot.docker.compose.lifecycle.DockerComposeListener";
    private static final String ENABLED = "spring.docker.compose.enabled";

    private final Log log;
    private final Supplier<Boolean> dockerWorks;
    private final Predicate<String> onClassPath;

    public LocalDatabase(DeferredLogFactory logs) {
        this(logs.getLog(LocalDatabase.class), LocalDatabase::dockerAnswers,
                name -> ClassUtils.isPresent(name, LocalDatabase.class.getClassLoader()));
    }

    LocalDatabase(Log log, Supplier<Boolean> dockerWorks, Predicate<String> onClassPath) {
        this.log = log;
        this.dockerWorks = dockerWorks;
        this.onClassPath = onClassPath;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!onClassPath.test(COMPOSE_SUPPORT) || !environment.getProperty(ENABLED, Boolean.class, true)
                || (environment.getProperty("spring.docker.compose.skip.in-tests", Boolean.class, true) && inTest())) {
            return;
        }
        if (environment.containsProperty("DB_URL")) {
            switchOff(environment);
            log.info(OWN_DATABASE);
        } else if (!dockerWorks.get()) {
            switchOff(environment);
            log.warn(ADVICE);
        }
    }

    private static void switchOff(ConfigurableEnvironment environment) {
        environment.getPropertySources().addFirst(new MapPropertySource("localDatabase", Map.of(ENABLED, "false")));
    }

    /** As Spring Boot's own check: a test framework on the stack. */
    private static boolean inTest() {
        for (StackTraceElement element : Thread.currentThread().getStackTrace()) {
            String name = element.getClassName();
            if (name.startsWith("org.junit.") || name.startsWith("org.springframework.boot.test.")) {
                return true;
            }
        }
        return false;
    }

    /** A {@code docker} on the PATH whose daemon answers within a few seconds (the tests ask it too: TestDatabase). */
    public static boolean dockerAnswers() {
        Optional<Path> docker = onPath("docker");
        if (docker.isEmpty()) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(docker.get().toString(), "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            for (String name : new String[] {command, command + ".exe"}) {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
