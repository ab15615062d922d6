package dev.wagateway.ingest;

import dev.wagateway.api.ApiException;

/**
 * A row read from the file: its number and its fields, or why it could not even be read as a row (a broken JSON
 * line, a CSV row with the wrong number of fields). Row numbers: in a CSV file the data record's number (the header
 * is row 0), in a JSON Lines file the line number; blank lines are not rows.
 */
public record RawRow(int row, RowFields fields, ApiException problem) {

    static RawRow of(int row, RowFields fields) {
        return new RawRow(row, fields, null);
    }

    static RawRow unreadable(int row, String why) {
        return new RawRow(row, null, ApiException.validation(why));
    }
}
