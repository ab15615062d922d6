package dev.wagateway.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/** Reading a dropped file as UTF-8: a leading byte order mark is skipped, a byte that is not UTF-8 is an error. */
final class Utf8Text {

    private Utf8Text() {
    }

    /** The stream without its UTF-8 byte order mark, if it had one (Commons IO's BOMInputStream). */
    static InputStream withoutBom(InputStream in) throws IOException {
        return BOMInputStream.builder().setInputStream(in).setByteOrderMarks(ByteOrderMark.UTF_8).get();
    }

    /** A reader that throws {@link java.nio.charset.MalformedInputException} on bytes that are not UTF-8. */
    static Reader strictReader(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }
}
