package dev.wagateway.ingest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The test profile's inbox ({@code target/inbox}): drop files as a user would, and read what the route left. */
public final class Inbox {

    public static final Path DIR = Path.of("target", "inbox");

    /** A row of a report, by column name. */
    public record ReportRow(String row, String status, String messageId, String errorCode, String errorMessage) {
    }

    private Inbox() {
    }

    /** A file name no other test uses, e.g. {@code campaign-1a2b3c4d.csv}. */
    public static String uniqueName(String base, String extension) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8) + "." + extension;
    }

    /** Written under a hidden name, then renamed into place: the route sees the whole file at once. */
    public static String drop(String name, byte[] content) {
        try {
            Files.createDirectories(DIR);
            Path partial = DIR.resolve("." + name + ".part");
            Files.write(partial, content);
            Files.move(partial, DIR.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String drop(String name, String content) {
        return drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the file has left the inbox for {@code folder} ({@code .done} or {@code .error}), report beside it. */
    public static List<ReportRow> awaitReport(String folder, String name) {
        Path report = DIR.resolve(folder).resolve(name + ".report.csv");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(report) && Files.exists(DIR.resolve(folder).resolve(name))
                        && !Files.exists(DIR.resolve(name)));
        return report(report);
    }

    public static List<ReportRow> report(Path report) {
        try (Reader in = Files.newBufferedReader(report, StandardCharsets.UTF_8)) {
            List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(in).getRecords();
            return records.stream().map(Inbox::row).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ReportRow row(CSVRecord record) {
        Map<String, String> m = record.toMap();
        return new ReportRow(m.get("row"), m.get("status"), m.get("message_id"), m.get("error_code"),
                m.get("error_message"));
    }
}
