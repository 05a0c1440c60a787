package dev.freight.schema;

import java.util.Locale;

/** The value types Freight knows; every store maps each to a native column type. */
public enum ColumnType {
    TEXT, INTEGER, DECIMAL, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, UUID, JSON;

    /** The name used in the API ({@code "timestamptz"}, {@code "integer"}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an API type name; null when it is not one. */
    public static ColumnType fromWire(String name) {
        if (name == null) return null;
        for (ColumnType t : values()) {
            if (t.wireName().equals(name.toLowerCase(Locale.ROOT))) return t;
        }
        return null;
    }
}
