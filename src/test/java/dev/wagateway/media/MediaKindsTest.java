package dev.wagateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wagateway.api.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Meta's table of media types and sizes, and what an upload's file name becomes (no Spring). */
class MediaKindsTest {

    private final MediaKinds kinds = new MediaKinds(new MediaSettings(100L * 1024 * 1024));

    @ParameterizedTest
    @CsvSource({"image/jpeg, 5242880", "IMAGE/PNG, 5242880", "image/webp, 512000", "audio/ogg; codecs=opus, 16777216",
        "video/3gpp, 16777216", "application/pdf, 104857600", "text/plain; charset=utf-8, 104857600",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, 104857600"})
    void each_type_of_metas_table_has_its_limit(String contentType, long max) {
        assertThat(kinds.maxBytes(kinds.mimeType(contentType))).isEqualTo(max);
    }

    @Test
    void media_max_bytes_caps_every_type() {
        MediaKinds small = new MediaKinds(new MediaSettings(1000));
        assertThat(small.maxBytes("application/pdf")).isEqualTo(1000);
        assertThat(small.tooLarge("application/pdf").code().httpStatus()).isEqualTo(413);
    }

    @ParameterizedTest
    @CsvSource(value = {"application/zip", "image/gif", "image/svg+xml", "video/quicktime", "''", "NULL"},
            nullValues = "NULL")
    void another_type_is_a_validation_error(String contentType) {
        assertThatThrownBy(() -> kinds.mimeType(contentType)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code().name()).isEqualTo("VALIDATION_ERROR");
    }

    @ParameterizedTest
    @CsvSource(value = {"invoice.pdf|invoice.pdf", "C:\\Users\\a\\photo.png|photo.png", "../../etc/passwd|passwd",
        "'  '|upload", "NULL|upload", "a\"b\u0007.pdf|ab.pdf"}, delimiter = '|', nullValues = "NULL")
    void a_file_name_keeps_its_last_segment_printable(String given, String kept) {
        assertThat(MediaUploads.fileName(given)).isEqualTo(kept);
    }
}
