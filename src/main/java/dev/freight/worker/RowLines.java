package dev.freight.worker;

import java.util.Arrays;

/**
 * Where each row of an input starts (its file line), for results recorded after the rows
 * themselves are gone (an atomic rollback). Compact: most inputs have one line per row, so only
 * the rows where {@code line - index} changes are kept. Rows are added in index order.
 */
final class RowLines {
    private static final long UNKNOWN = Long.MIN_VALUE;
    private long[] indexes = new long[8];
    private long[] offsets = new long[8];
    private int size;

    void add(long index, long line) {
        long offset = line > 0 ? line - index : UNKNOWN;
        if (size > 0 && (offsets[size - 1] == offset || indexes[size - 1] >= index)) return;
        if (size == indexes.length) {
            indexes = Arrays.copyOf(indexes, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        indexes[size] = index;
        offsets[size] = offset;
        size++;
    }

    /** The line of row {@code index}; 0 when it is not known. */
    long line(long index) {
        int i = Arrays.binarySearch(indexes, 0, size, index);
        if (i < 0) i = -i - 2; // the last entry at or before index
        if (i < 0 || offsets[i] == UNKNOWN) return 0;
        return index + offsets[i];
    }

    /** How to name row {@code index} to a person: its line and its index (docs/api.md#row-numbers). */
    String describe(long index) {
        long line = line(index);
        return line > 0 ? "the row at line " + line + " (index " + index + ")" : "the row at index " + index;
    }
}
