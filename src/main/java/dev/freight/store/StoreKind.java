package dev.freight.store;

/** The databases Freight runs on. */
public enum StoreKind {
    SQLITE, POSTGRESQL;

    public static StoreKind ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                + "': use jdbc:postgresql://host:port/db or jdbc:sqlite:/path/file.db");
    }
}
