package dev.freight.ingest;

/**
 * How to read an input, and the limits that keep any input's memory bounded. Each limit, when
 * crossed, is a {@link MalformedInputException} naming the line and the limit, never an
 * exhausted heap.
 *
 * @param delimiter      CSV field separator, or null to detect it from the header line among , ; tab |
 * @param maxFieldSize   longest field (characters)
 * @param maxFields      most fields in a row (CSV record, JSON object) and columns in a CSV header
 * @param maxRecordBytes longest row in bytes (CSV record, NDJSON line, JSON object)
 * @param maxDepth       deepest JSON nesting, the enclosing array and row object included
 */
public record ReadOptions(Character delimiter, int maxFieldSize, int maxFields, int maxRecordBytes, int maxDepth) {
    public static final int DEFAULT_MAX_FIELD = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_FIELDS = 4096;
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** The default limits, with another delimiter and field cap. */
    public ReadOptions(Character delimiter, int maxFieldSize) {
        this(delimiter, maxFieldSize, DEFAULT_MAX_FIELDS, DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_DEPTH);
    }

    public static ReadOptions defaults() {
        return new ReadOptions(null, DEFAULT_MAX_FIELD);
    }

    public ReadOptions withLimits(int fields, int recordBytes, int depth) {
        return new ReadOptions(delimiter, maxFieldSize, fields, recordBytes, depth);
    }
}
