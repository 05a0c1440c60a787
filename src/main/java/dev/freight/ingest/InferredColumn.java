package dev.freight.ingest;

import dev.freight.schema.ColumnType;
import java.util.List;

/**
 * A proposed column: its name (valid, derived from the field), the file's field it reads, the
 * narrowest type holding every value seen, and what the sample showed.
 *
 * @param format   the java.time pattern the values are written in (an import's
 *                 {@code dateTimeFormat}), null when the built-in formats read them
 * @param empty    sampled rows where the field was empty or missing
 * @param examples up to three distinct values seen
 */
public record InferredColumn(String name, String field, ColumnType type, boolean nullable, String format,
                             long empty, List<String> examples) {
    /** This column as a key column: never null. */
    public InferredColumn asKey() {
        return new InferredColumn(name, field, type, false, format, empty, examples);
    }
}
