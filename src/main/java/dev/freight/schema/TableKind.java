package dev.freight.schema;

/** A plain table, or an object type (Brevo dialect): id autonumber key plus unique ext_id. */
public enum TableKind {
    TABLE, OBJECT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
