package dev.freight.testing;

import dev.freight.imports.Submissions;
import dev.freight.store.Store;
import dev.freight.worker.JobSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/** One SQLite store for the fuzz targets of request parsers, which spool bodies as the routes do. */
public final class FuzzStore {
    private static Store store;
    private static Submissions imports;
    private static String url;

    private FuzzStore() {}

    public static synchronized Store store() {
        if (store == null) {
            try {
                // in memory where the machine has /dev/shm: every spooled body is a synchronous commit
                Path shm = Path.of("/dev/shm");
                Path dir = Files.isWritable(shm) ? Files.createTempDirectory(shm, "freight-fuzz-") : Files.createTempDirectory("freight-fuzz-");
                url = "jdbc:sqlite:" + dir.resolve("fuzz.db");
                store = Store.open(url, 2, Clock.systemUTC());
                imports = new Submissions(store, new JobSignals());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store;
    }

    public static Submissions imports() {
        store();
        return imports;
    }

    /** How many stored body pieces there are (a refused request must leave none behind). */
    public static long payloads() {
        store();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM freight_payloads")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
