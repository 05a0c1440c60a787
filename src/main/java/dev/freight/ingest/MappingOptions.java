package dev.freight.ingest;

import java.util.List;
import java.util.Map;

/**
 * What {@link RowMapper} needs to know of an import: which field or constant feeds each column
 * and what an empty or unconvertible value means.
 *
 * @param key               match columns; null: the primary key (a key value that cannot be converted always fails the row)
 * @param mapping           table column → input field feeding it
 * @param constants         table column → constant text for every row
 * @param emptyOverwrites   an empty CSV field sets NULL (empty text for text columns) instead of keeping
 * @param ignoreUnknown     input fields that feed no column are ignored instead of rejected
 * @param requireAllColumns every table column must be fed
 * @param lenient           a value that cannot be converted in a non-key column becomes NULL with a warning
 * @param warnUnknown       with ignoreUnknown: the ignored fields are named in a warning on the row's result
 */
public record MappingOptions(List<String> key, Map<String, String> mapping, Map<String, String> constants,
                             boolean emptyOverwrites, boolean ignoreUnknown, boolean requireAllColumns, boolean lenient,
                             boolean warnUnknown) {
    public MappingOptions(List<String> key, Map<String, String> mapping, Map<String, String> constants,
                          boolean emptyOverwrites, boolean ignoreUnknown, boolean requireAllColumns, boolean lenient) {
        this(key, mapping, constants, emptyOverwrites, ignoreUnknown, requireAllColumns, lenient, false);
    }

    public MappingOptions {
        key = key == null ? null : List.copyOf(key);
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        constants = constants == null ? Map.of() : Map.copyOf(constants);
    }
}
