package dev.wagateway.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file's header row: which column holds which field. Names are matched without regard to case or surrounding
 * spaces; {@code tenantId} is required, {@code message} or {@code media_url} (or both), and {@code contactId} or
 * {@code phone} (or both, one per row); {@code name}, {@code type}, {@code client_reference} (also
 * {@code clientReference}), {@code media_url} (also {@code mediaUrl}: a media type's {@code media.link}),
 * {@code caption} and {@code filename} are optional; any other column makes the file unreadable (a typo would
 * otherwise drop a field silently).
 */
final class CsvColumns {

    static final String EXPECTED = "tenantId, contactId and/or phone, message and/or media_url, and optionally name,"
            + " type, client_reference, caption and filename";
    private static final List<String> KNOWN = List.of("tenantId", "contactId", "phone", "name", "message", "type",
            "clientReference", "mediaUrl", "caption", "filename");
    /** Other names of a known column. */
    private static final Map<String, String> ALIASES = Map.of("client_reference", "clientReference", "media_url",
            "mediaUrl");

    private final Map<String, Integer> index;
    private final int count;

    private CsvColumns(Map<String, Integer> index, int count) {
        this.index = index;
        this.count = count;
    }

    static CsvColumns of(List<String> header) throws UnreadableFileException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = canonical(header.get(i));
            if (column == null) {
                throw new UnreadableFileException("wrong header: unknown column \"" + shorten(header.get(i))
                        + "\"; the columns are " + EXPECTED);
            }
            if (index.put(column, i) != null) {
                throw new UnreadableFileException("wrong header: column " + column + " appears twice");
            }
        }
        if (!index.containsKey("tenantId") || !(index.containsKey("message") || index.containsKey("mediaUrl"))
                || !(index.containsKey("contactId") || index.containsKey("phone"))) {
            throw new UnreadableFileException("wrong header: the columns are " + EXPECTED);
        }
        return new CsvColumns(index, header.size());
    }

    /** The row's fields, or why they are not a row: a different number of fields than the header has. */
    RawRow row(int row, List<String> values) {
        if (values.size() != count) {
            return RawRow.unreadable(row, "row has " + values.size() + " fields; the header has " + count);
        }
        return RawRow.of(row, new RowFields(get(values, "tenantId"), get(values, "contactId"), get(values, "phone"),
                get(values, "name"), get(values, "message"), get(values, "type"), get(values, "clientReference"),
                null, null, get(values, "mediaUrl"), get(values, "caption"), get(values, "filename"), null, null, null,
                null));
    }

    private String get(List<String> values, String column) {
        Integer i = index.get(column);
        return i == null ? null : values.get(i);
    }

    private static String canonical(String name) {
        String trimmed = ALIASES.getOrDefault(name.strip().toLowerCase(Locale.ROOT), name.strip());
        for (String known : KNOWN) {
            if (known.toLowerCase(Locale.ROOT).equals(trimmed.toLowerCase(Locale.ROOT))) {
                return known;
            }
        }
        return null;
    }

    private static String shorten(String name) {
        String printable = name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
