package dev.freight.testing;

/** The PostgreSQL server tests use: FREIGHT_TEST_PG (bin/test sets it), else the machine's local one. */
public final class PgServer {
    private PgServer() {}

    public static String url() {
        String u = System.getenv("FREIGHT_TEST_PG");
        return u != null && !u.isBlank() ? u : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }

    /** The same server, another database. */
    public static String urlFor(String database) {
        String u = url();
        int q = u.indexOf('?');
        String base = q < 0 ? u : u.substring(0, q);
        String params = q < 0 ? "" : u.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
