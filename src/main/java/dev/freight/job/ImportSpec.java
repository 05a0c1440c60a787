package dev.freight.job;

import dev.freight.ingest.Format;
import java.util.List;
import java.util.Map;

/**
 * Everything an adapter (native API or a dialect) decides about one import; stored with the job
 * as JSON so that any node can run it. Dialects express their vendor's options through these
 * general fields, never through special cases in the engine.
 *
 * @param mode              null: upsert, or insert for a table without a key
 * @param key               match columns; null: the primary key
 * @param mapping           table column → input field feeding it
 * @param constants         table column → constant text for every row
 * @param emptyOverwrites   an empty CSV field sets NULL (empty text for text columns) instead of keeping
 * @param ignoreUnknown     input fields that feed no column are ignored instead of rejected
 * @param requireAllColumns every table column must be fed (D·engage)
 * @param lenient           a value that cannot be converted in a non-key column becomes NULL with a warning
 * @param resetAutonumber   the table's autonumber counters restart from 1 for this job
 * @param dateTimeFormats   extra java.time patterns accepted for dates and times
 * @param contentEncoding   null or "gzip": how the stored payload is encoded
 * @param maxExpandedBytes  a compressed payload that expands past this fails the job (0: no bound)
 * @param callbackUrl       where the final job is POSTed, or null
 * @param callbackFormat    the renderer (callback.CallbackBodies) of that POST's body; null: the native job JSON
 */
public record ImportSpec(
        ImportMode mode,
        List<String> key,
        ErrorThreshold errorThreshold,
        Format format,
        Character delimiter,
        Map<String, String> mapping,
        Map<String, String> constants,
        boolean emptyOverwrites,
        boolean ignoreUnknown,
        boolean requireAllColumns,
        boolean atomic,
        boolean lenient,
        boolean resetAutonumber,
        List<String> dateTimeFormats,
        String contentEncoding,
        long maxExpandedBytes,
        String callbackUrl,
        String callbackFormat) {

    /** A spec whose callback, if any, carries the native job JSON. */
    public ImportSpec(ImportMode mode, List<String> key, ErrorThreshold errorThreshold, Format format, Character delimiter,
                      Map<String, String> mapping, Map<String, String> constants, boolean emptyOverwrites,
                      boolean ignoreUnknown, boolean requireAllColumns, boolean atomic, boolean lenient,
                      boolean resetAutonumber, List<String> dateTimeFormats, String contentEncoding,
                      long maxExpandedBytes, String callbackUrl) {
        this(mode, key, errorThreshold, format, delimiter, mapping, constants, emptyOverwrites, ignoreUnknown,
                requireAllColumns, atomic, lenient, resetAutonumber, dateTimeFormats, contentEncoding, maxExpandedBytes,
                callbackUrl, null);
    }

    public ImportSpec {
        errorThreshold = errorThreshold == null ? ErrorThreshold.NONE : errorThreshold;
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        constants = constants == null ? Map.of() : Map.copyOf(constants);
        dateTimeFormats = dateTimeFormats == null ? List.of() : List.copyOf(dateTimeFormats);
        key = key == null ? null : List.copyOf(key);
    }

    /** Defaults for a format: everything off. */
    public static ImportSpec of(Format format) {
        return new ImportSpec(null, null, ErrorThreshold.NONE, format, null, Map.of(), Map.of(), false, false,
                false, false, false, false, List.of(), null, 0, null);
    }
}
