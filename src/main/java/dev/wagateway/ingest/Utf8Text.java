package dev.wagateway.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reading a dropped file as UTF-8: a leading byte order mark is skipped, a byte that is not UTF-8 is an error. */
final class Utf8Text {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8Text() {
    }

    /** The stream without its UTF-8 byte order mark, if it had one. */
    static InputStream withoutBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, BOM.length);
        byte[] head = new byte[BOM.length];
        int read = pushback.readNBytes(head, 0, BOM.length);
        boolean bom = read == BOM.length && head[0] == BOM[0] && head[1] == BOM[1] && head[2] == BOM[2];
        if (!bom && read > 0) {
            pushback.unread(head, 0, read);
        }
        return pushback;
    }

    /** A reader that throws {@link java.nio.charset.MalformedInputException} on bytes that are not UTF-8. */
    static Reader strictReader(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }
}
