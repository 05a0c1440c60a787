package dev.freight.schema;

import java.util.List;

/**
 * A column of a table. {@code updatable=false} columns are set on insert and never changed;
 * {@code autonumber} columns get the table's next number when an insert gives no value.
 * {@code precision}/{@code scale} apply to decimals (null: unbounded).
 */
public record Column(
        String name,
        ColumnType type,
        boolean nullable,
        String defaultValue,
        Integer precision,
        Integer scale,
        boolean updatable,
        boolean autonumber,
        ColumnRole role,
        List<Status> statuses) {

    public Column {
        role = role == null ? ColumnRole.NONE : role;
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }

    /** A plain nullable, updatable column. */
    public static Column of(String name, ColumnType type) {
        return new Column(name, type, true, null, null, null, true, false, ColumnRole.NONE, List.of());
    }

    public Column withType(ColumnType t) {
        return new Column(name, t, nullable, defaultValue, precision, scale, updatable, autonumber, role, statuses);
    }

    public Column withNullable(boolean n) {
        return new Column(name, type, n, defaultValue, precision, scale, updatable, autonumber, role, statuses);
    }

    /** This column with the attributes only Freight's metadata knows taken from {@code meta}. */
    public Column withAttributesOf(Column meta) {
        return new Column(name, type, nullable, meta.defaultValue != null ? meta.defaultValue : defaultValue,
                meta.precision != null ? meta.precision : precision, meta.scale != null ? meta.scale : scale,
                meta.updatable, meta.autonumber, meta.role, meta.statuses);
    }
}
