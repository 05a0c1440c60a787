package dev.freight.store;

/** A table name the store keeps for itself (Freight's own tables, the database's own): never a user's. */
public final class ReservedName extends IllegalArgumentException {
    ReservedName(String table, String why) {
        super("table name '" + table + "' is reserved: " + why);
    }
}
