package dev.freight.ingest;

/**
 * How to read an input.
 *
 * @param delimiter    CSV field separator, or null to detect it from the header line among , ; tab |
 * @param maxFieldSize longest field (characters) before the input is rejected as malformed
 */
public record ReadOptions(Character delimiter, int maxFieldSize) {
    public static final int DEFAULT_MAX_FIELD = 16 * 1024 * 1024;

    public static ReadOptions defaults() {
        return new ReadOptions(null, DEFAULT_MAX_FIELD);
    }
}
