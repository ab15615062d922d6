package dev.wagateway.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The report of a processed file, {@code <name>.report.csv} with {@code row, status, message_id, error_code,
 * error_message}, written where the file goes ({@code .done/} or {@code .error/}). Each method returns that
 * destination, relative to the inbox, for the route's {@code move}; a name already taken there gets a suffix
 * ({@code campaign-2.csv}), so no earlier file or report is overwritten.
 */
@Component("batchReports")
public class BatchReports {

    static final String DONE = ".done";
    static final String ERROR = ".error";
    static final String[] HEADER = {"row", "status", "message_id", "error_code", "error_message"};
    private static final String ROWS = "SELECT batch_row, 'accepted', id::text, NULL, NULL FROM messages"
            + " WHERE batch_id = ? UNION ALL SELECT batch_row, 'rejected', NULL, error_code, error_message"
            + " FROM batch_rejections WHERE batch_id = ? ORDER BY 1";

    private final IngestSettings settings;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public BatchReports(IngestSettings settings, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Every row of the batch, in row order, streamed from the database (a cursor, never all rows in memory). */
    public String ingested(IngestBatch batch) {
        return write(DONE, batch, printer -> readOnly.executeWithoutResult(status -> jdbc.query(con -> {
            var ps = con.prepareStatement(ROWS, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(1000);
            ps.setObject(1, batch.getId());
            ps.setObject(2, batch.getId());
            return ps;
        }, rs -> {
            try {
                printer.printRecord(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        safe(rs.getString(5)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })));
    }

    /** The same content was ingested before: one line saying so, and the file goes to {@code .done/}. */
    public String duplicate(IngestBatch batch) {
        return write(DONE, batch, printer -> printer.printRecord("", "rejected", "", "DUPLICATE_BATCH",
                "duplicate batch: same content (SHA-256) as " + batch.getDuplicateOf() + "; no message created"));
    }

    /** The file cannot be read as a whole: one line saying why, and the file goes to {@code .error/}. */
    public String unreadable(IngestBatch batch) {
        return write(ERROR, batch, printer -> printer.printRecord("", "rejected", "", Batches.INVALID_FILE,
                safe(batch.getFile().problem())));
    }

    private interface Lines {
        void print(CSVPrinter printer) throws IOException;
    }

    private String write(String folder, IngestBatch batch, Lines lines) {
        try {
            Path dir = Files.createDirectories(Path.of(settings.inboxDir(), folder));
            String name = freeName(dir, batch.getFileName());
            Path report = dir.resolve(name + ".report.csv");
            Path partial = dir.resolve("." + name + ".report.csv.part");
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                    CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(out)) {
                lines.print(printer);
            }
            Files.move(partial, report, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return folder + "/" + name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's name, or with {@code -2}, {@code -3}... before its extension if it or its report is taken. */
    static String freeName(Path dir, String fileName) {
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        String extension = dot > 0 ? fileName.substring(dot) : "";
        String name = fileName;
        for (int n = 2; Files.exists(dir.resolve(name)) || Files.exists(dir.resolve(name + ".report.csv")); n++) {
            name = base + "-" + n + extension;
        }
        return name;
    }

    /** A spreadsheet runs a cell starting with = + - @ as a formula: such a value is written with a leading '. */
    static String safe(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
