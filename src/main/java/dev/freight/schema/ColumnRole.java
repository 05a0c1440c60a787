package dev.freight.schema;

/** What a column means to Freight beyond its type (attributes the database cannot express). */
public enum ColumnRole {
    /** An ordinary column. */
    NONE,
    /** Holds a status id; imports accept the status name or id. */
    STATUS,
    /** The row's access group. */
    GROUP,
    /** Never returned by reads. */
    PASSWORD;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ColumnRole fromWire(String s) {
        if (s == null) return NONE;
        for (ColumnRole r : values()) if (r.wireName().equalsIgnoreCase(s)) return r;
        return null;
    }
}
