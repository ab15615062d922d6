package dev.wagateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small pieces of ingestion: line reading, header mapping, row rules, report names and cells. */
class IngestPartsTest {

    @Test
    void lines_are_numbered_as_in_the_file_blank_ones_skipped_long_ones_cut_short() throws IOException {
        BoundedLines lines = new BoundedLines(new StringReader("one\r\n\n  \ntwo\n" + "x".repeat(50) + "\nlast"), 10);
        List<BoundedLines.Line> read = new ArrayList<>();
        for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
            read.add(line);
        }

        assertThat(read).containsExactly(new BoundedLines.Line(1, "one"), new BoundedLines.Line(4, "two"),
                new BoundedLines.Line(5, null), new BoundedLines.Line(6, "last"));
    }

    @Test
    void the_header_maps_columns_in_any_order_and_case() throws UnreadableFileException {
        CsvColumns columns = CsvColumns.of(List.of(" Message ", "PHONE", "tenantid", "name"));

        RawRow row = columns.row(7, List.of("hi", "+14155550123", "t", "Ann"));
        assertThat(row.row()).isEqualTo(7);
        assertThat(row.fields()).isEqualTo(new RowFields("t", null, "+14155550123", "Ann", "hi", null));
        assertThat(columns.row(8, List.of("hi")).problem().getMessage()).isEqualTo("row has 1 fields; the header has 4");
        assertThatThrownBy(() -> CsvColumns.of(List.of("tenantId", "message")))
                .isInstanceOf(UnreadableFileException.class);
    }

    @Test
    void a_row_follows_the_send_endpoints_rules_in_its_order() {
        String tenant = UUID.randomUUID().toString();
        String contact = UUID.randomUUID().toString();

        assertThat(code(new RowFields("x", contact, null, null, "hi", null))).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(code(new RowFields(tenant, contact, null, null, " ", "bogus")))
                .as("type is checked before message, as in the REST send").isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(code(new RowFields(tenant, contact, null, null, " ", null))).isEqualTo(ErrorCode.EMPTY_MESSAGE);
        assertThat(code(new RowFields(tenant, null, "+1", null, "hi", null)))
                .isEqualTo(ErrorCode.INVALID_PHONE_NUMBER);
        assertThat(code(new RowFields(tenant, null, "+14155550123", "a\u0000b", "hi", null)))
                .isEqualTo(ErrorCode.VALIDATION_ERROR);

        Chunk.Accepted byPhone = RowValidator.accept(3, new RowFields(tenant, "", "0044 20 7946 0958", "", "hi", ""));
        assertThat(byPhone.phone).isEqualTo("+442079460958");
        assertThat(byPhone.name).as("an unnamed new contact is named by its number").isEqualTo("+442079460958");
        assertThat(byPhone.type).isEqualTo("text");
    }

    private static ErrorCode code(RowFields fields) {
        try {
            RowValidator.accept(1, fields);
            return null;
        } catch (ApiException e) {
            return e.code();
        }
    }

    @Test
    void a_report_never_overwrites_an_earlier_file_or_report(@TempDir Path dir) throws IOException {
        assertThat(BatchReports.freeName(dir, "campaign.csv")).isEqualTo("campaign.csv");
        Files.createFile(dir.resolve("campaign.csv"));
        assertThat(BatchReports.freeName(dir, "campaign.csv")).isEqualTo("campaign-2.csv");
        Files.createFile(dir.resolve("campaign-2.csv.report.csv"));
        assertThat(BatchReports.freeName(dir, "campaign.csv")).isEqualTo("campaign-3.csv");
    }

    @Test
    void report_cells_that_a_spreadsheet_would_run_as_formulas_are_escaped() {
        assertThat(BatchReports.safe("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(BatchReports.safe("+1")).isEqualTo("'+1");
        assertThat(BatchReports.safe("-1")).isEqualTo("'-1");
        assertThat(BatchReports.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(BatchReports.safe("message is empty")).isEqualTo("message is empty");
        assertThat(BatchReports.safe(null)).isNull();
    }
}
