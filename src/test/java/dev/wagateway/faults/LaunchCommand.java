package dev.wagateway.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How {@link ServiceProcess} launches the packaged jar. Once per test run the jar is extracted (Spring Boot's
 * {@code -Djarmode=tools extract}: the application jar beside its libraries, the same classes and resources) and one
 * training start records the classes a start loads in a class data sharing archive (the JDK's
 * {@code -XX:ArchiveClassesAtExit}); every start after it maps that archive: about 10 s to ready instead of 30 on 2
 * cores, over the fault tests' 16 starts most of their time. When any step fails, the jar as it is ({@code -jar}).
 */
final class LaunchCommand {

    private static List<String> arguments;

    private LaunchCommand() {
    }

    /** The JVM arguments that start the service from {@code jar}: {@code [-XX:SharedArchiveFile=…, ]-jar <jar>}. */
    static synchronized List<String> jarArguments(Path jar) {
        if (arguments == null) {
            arguments = prepare(jar);
        }
        return arguments;
    }

    private static List<String> prepare(Path jar) {
        List<String> plain = List.of("-jar", jar.toString());
        try {
            Path directory = jar.getParent().resolve("faults").resolve("cds");
            deleteRecursively(directory);
            Files.createDirectories(directory.getParent());
            Process extract = new ProcessBuilder(ServiceProcess.javaBinary(), "-Djarmode=tools", "-jar",
                    jar.toString(), "extract", "--destination", directory.toString()).redirectErrorStream(true)
                    .redirectOutput(directory.resolveSibling("cds-extract.log").toFile()).start();
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                return plain;
            }
            Path app = directory.resolve(jar.getFileName());
            Path archive = directory.resolve("service.jsa");
            try (ServiceProcess training = ServiceProcess.start("cds-training",
                    FaultsEnvironment.quietService("cds-training"), "512m", List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", app.toString()))) {
                training.terminate(Duration.ofSeconds(60)); // the archive is written as the JVM exits
            } finally {
                FaultsEnvironment.emptyDatabase(); // as the test that asked for the first start left it
            }
            return Files.isRegularFile(archive) && Files.size(archive) > 0
                    ? List.of("-XX:SharedArchiveFile=" + archive, "-jar", app.toString()) : plain;
        } catch (IOException | RuntimeException e) {
            return plain;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return plain;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
