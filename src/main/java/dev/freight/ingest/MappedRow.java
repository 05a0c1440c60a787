package dev.freight.ingest;

/**
 * A row after mapping and coercion: values by table column position.
 *
 * @param values  the coerced value, {@code null} for SQL NULL, or {@link #ABSENT}
 * @param delete  the row carries a true {@code _delete_} marker
 * @param error   why the row fails before reaching the store, or null
 * @param warning something the row's result should mention although it applies, or null
 */
public record MappedRow(long index, long line, Object[] values, boolean delete, String error, String warning) {
    /** The input said nothing about this column: keep the stored value, or default it on insert. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    public static MappedRow failed(long index, long line, String error) {
        return new MappedRow(index, line, null, false, error, null);
    }
}
