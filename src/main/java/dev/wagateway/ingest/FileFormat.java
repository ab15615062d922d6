package dev.wagateway.ingest;

import java.util.Locale;

/** The two kinds of file the inbox takes, told apart by the file name's extension. */
public enum FileFormat {
    CSV, JSONL;

    public static FileFormat of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl")) {
            return JSONL;
        }
        throw new IllegalArgumentException("not a .csv or .jsonl file");
    }

    /** As stored in {@code batches.format}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
