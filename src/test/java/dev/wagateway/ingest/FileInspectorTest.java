package dev.wagateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first pass over a file: identity, encoding and structure, without a database. */
class FileInspectorTest {

    private static final String HEADER = "tenantId,contactId,message\n";
    private static final String ROW = "t,c,hello\n";

    @TempDir
    Path dir;

    private final FileInspector inspector = new FileInspector(
            new IngestSettings("unused", Duration.ofSeconds(1), Duration.ofSeconds(1), 100, 1024, 10, 1));

    private InspectedFile inspect(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return inspector.inspect(file.toFile());
    }

    private InspectedFile inspect(String name, String content) throws IOException {
        return inspect(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_identity_is_the_sha256_of_every_byte_even_when_the_file_is_unreadable() throws Exception {
        byte[] content = (HEADER + ROW + "t,c,\"open\n" + ROW.repeat(50)).getBytes(StandardCharsets.UTF_8);
        InspectedFile file = inspect("a.csv", content);

        assertThat(file.readable()).isFalse();
        assertThat(file.sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }

    @Test
    void counts_data_records_not_lines() throws IOException {
        InspectedFile file = inspect("a.csv", HEADER + ROW + "t,c,\"two\nlines\"\n\n" + ROW);

        assertThat(file.problem()).isNull();
        assertThat(file.format()).isEqualTo(FileFormat.CSV);
        assertThat(file.rowsTotal()).isEqualTo(3);
    }

    @Test
    void a_bom_is_not_part_of_the_first_column_name() throws IOException {
        byte[] csv = (HEADER + ROW).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[csv.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(csv, 0, withBom, 3, csv.length);

        assertThat(inspect("bom.csv", withBom).problem()).isNull();
    }

    @Test
    void names_what_makes_a_file_unreadable() throws IOException {
        assertThat(inspect("h.csv", "tenantId,contact,message\n" + ROW).problem())
                .startsWith("wrong header: unknown column \"contact\"");
        assertThat(inspect("d.csv", "tenantId,message,Message,phone\n").problem())
                .isEqualTo("wrong header: column message appears twice");
        assertThat(inspect("m.csv", "tenantId,name,phone\n").problem())
                .startsWith("wrong header: the columns are tenantId, contactId and/or phone, message");
        assertThat(inspect("e.csv", "").problem()).startsWith("the file is empty");
        assertThat(inspect("q.csv", HEADER + ROW + "t,c,\"never closed\n").problem())
                .startsWith("not valid CSV after row 1");
        assertThat(inspect("l.csv", HEADER + ROW + "t,c,\"" + "x".repeat(20_000) + "\n" + ROW.repeat(100))
                .problem()).isEqualTo("row 2 is longer than 1024 characters (an unclosed quote?)");
        assertThat(inspect("u.csv", new byte[] {'t', 'e', 'n', (byte) 0xC3, (byte) 0x28, '\n'}).problem())
                .startsWith("not UTF-8 text");
        assertThat(inspect("u.jsonl", new byte[] {'{', '"', (byte) 0xFF, '"', '}', '\n'}).problem())
                .startsWith("not UTF-8 text");
        assertThat(inspect("a.jsonl", "[{\"tenantId\": \"t\"}]\n").problem())
                .isEqualTo("not JSON Lines: line 1 is not a JSON object (one object per line)");
    }

    @Test
    void json_lines_count_non_blank_lines_and_a_broken_later_line_is_not_a_file_problem() throws IOException {
        InspectedFile file = inspect("a.jsonl", "\n{\"a\": 1}\r\n\r\n{\"broken\": \n[1]\n" + "x".repeat(5000));

        assertThat(file.problem()).isNull();
        assertThat(file.format()).isEqualTo(FileFormat.JSONL);
        assertThat(file.rowsTotal()).isEqualTo(4);
        assertThat(inspect("empty.jsonl", "").rowsTotal()).isZero();
    }
}
