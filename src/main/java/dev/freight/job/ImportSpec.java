package dev.freight.job;

import dev.freight.ingest.Format;
import dev.freight.ingest.MappingOptions;
import java.util.List;
import java.util.Map;

/**
 * Everything an adapter (native API or a dialect) decides about one import; stored with the job
 * as JSON so that any node can run it. Dialects express their vendor's options through these
 * general fields, never through special cases in the engine. Built with {@link #builder}; the
 * record's own constructor is for the JSON reader (the stored form stays flat, so a job queued by
 * an older node still reads).
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
 * @param dryRun            every row is planned and tried against the table as the real import would, and
 *                          nothing is committed to it: only the job's counts and row results stay
 * @param alternateKey      a unique key matching the rows that do not give the key (whose given values must then
 *                          be stored); null: none
 * @param warnUnknown       with ignoreUnknown: each row's result names the fields it ignored, as a warning
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
        String callbackFormat,
        boolean dryRun,
        List<String> alternateKey,
        boolean warnUnknown) {

    public ImportSpec {
        errorThreshold = errorThreshold == null ? ErrorThreshold.NONE : errorThreshold;
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        constants = constants == null ? Map.of() : Map.copyOf(constants);
        dateTimeFormats = dateTimeFormats == null ? List.of() : List.copyOf(dateTimeFormats);
        key = key == null ? null : List.copyOf(key);
        alternateKey = alternateKey == null || alternateKey.isEmpty() ? null : List.copyOf(alternateKey);
    }

    /** Defaults for a format: everything off. */
    public static ImportSpec of(Format format) {
        return builder(format).build();
    }

    /** A spec built by name, every option off until set: adapters never line up positional flags. */
    public static Builder builder(Format format) {
        return new Builder(format);
    }

    /** What the row mapper needs of this import (ingest knows nothing of jobs). */
    public MappingOptions mappingOptions() {
        return new MappingOptions(key, mapping, constants, emptyOverwrites, ignoreUnknown, requireAllColumns, lenient,
                warnUnknown);
    }

    /** Builds an {@link ImportSpec}; each setter names the option it sets (see the record's parameters). */
    public static final class Builder {
        private final Format format;
        private ImportMode mode;
        private List<String> key;
        private ErrorThreshold errorThreshold = ErrorThreshold.NONE;
        private Character delimiter;
        private Map<String, String> mapping = Map.of();
        private Map<String, String> constants = Map.of();
        private boolean emptyOverwrites;
        private boolean ignoreUnknown;
        private boolean requireAllColumns;
        private boolean atomic;
        private boolean lenient;
        private boolean resetAutonumber;
        private List<String> dateTimeFormats = List.of();
        private String contentEncoding;
        private long maxExpandedBytes;
        private String callbackUrl;
        private String callbackFormat;
        private boolean dryRun;
        private List<String> alternateKey;
        private boolean warnUnknown;

        private Builder(Format format) {
            this.format = format;
        }

        public Builder mode(ImportMode v) {
            mode = v;
            return this;
        }

        public Builder key(List<String> v) {
            key = v;
            return this;
        }

        public Builder errorThreshold(ErrorThreshold v) {
            errorThreshold = v;
            return this;
        }

        public Builder delimiter(Character v) {
            delimiter = v;
            return this;
        }

        public Builder mapping(Map<String, String> v) {
            mapping = v;
            return this;
        }

        public Builder constants(Map<String, String> v) {
            constants = v;
            return this;
        }

        public Builder emptyOverwrites(boolean v) {
            emptyOverwrites = v;
            return this;
        }

        public Builder ignoreUnknown(boolean v) {
            ignoreUnknown = v;
            return this;
        }

        public Builder requireAllColumns(boolean v) {
            requireAllColumns = v;
            return this;
        }

        public Builder atomic(boolean v) {
            atomic = v;
            return this;
        }

        public Builder lenient(boolean v) {
            lenient = v;
            return this;
        }

        public Builder resetAutonumber(boolean v) {
            resetAutonumber = v;
            return this;
        }

        public Builder dateTimeFormats(List<String> v) {
            dateTimeFormats = v;
            return this;
        }

        /** {@code encoding} null or "gzip"; a gzip body expanding past {@code maxExpandedBytes} fails (0: no bound). */
        public Builder contentEncoding(String encoding, long maxExpandedBytes) {
            this.contentEncoding = encoding;
            this.maxExpandedBytes = maxExpandedBytes;
            return this;
        }

        /** Where the final job is POSTed, rendered by {@code format} (null: the native job JSON). */
        public Builder callback(String url, String format) {
            this.callbackUrl = url;
            this.callbackFormat = format;
            return this;
        }

        public Builder dryRun(boolean v) {
            dryRun = v;
            return this;
        }

        public Builder alternateKey(List<String> v) {
            alternateKey = v;
            return this;
        }

        public Builder warnUnknown(boolean v) {
            warnUnknown = v;
            return this;
        }

        public ImportSpec build() {
            return new ImportSpec(mode, key, errorThreshold, format, delimiter, mapping, constants, emptyOverwrites,
                    ignoreUnknown, requireAllColumns, atomic, lenient, resetAutonumber, dateTimeFormats, contentEncoding,
                    maxExpandedBytes, callbackUrl, callbackFormat, dryRun, alternateKey, warnUnknown);
        }
    }
}
