package dev.freight.ingest;

/**
 * A row after mapping and coercion: values by table column position.
 *
 * @param values  the coerced value, {@code null} for SQL NULL, or {@link #ABSENT}
 * @param delete  the row carries a true {@code _delete_} marker
 * @param error   why the row fails before reaching the store, or null
 * @param warning something the row's result should mention although it applies, or null
 * @param associations links and unlinks to apply with the row (object types), never null
 */
public record MappedRow(long index, long line, Object[] values, boolean delete, String error, String warning,
                        java.util.List<AssociationChange> associations) {
    public MappedRow {
        associations = associations == null ? java.util.List.of() : associations;
    }

    /** A row without association changes. */
    public MappedRow(long index, long line, Object[] values, boolean delete, String error, String warning) {
        this(index, line, values, delete, error, warning, java.util.List.of());
    }

    /** This row failed with {@code message} (its values kept, so its result can still name its key). */
    public MappedRow failing(String message) {
        return new MappedRow(index, line, values, false, message, null, associations);
    }

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
