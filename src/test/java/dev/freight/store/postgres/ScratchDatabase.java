package dev.freight.store.postgres;

import dev.freight.ingest.MappedRow;
import dev.freight.schema.Table;
import dev.freight.store.Catalog;
import dev.freight.testing.PgServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the white-box tests of the PostgreSQL writer: a database of the class's own on the
 * shared server, created before its tests and dropped after, and {@link #real}, a connection to it
 * outside autocommit, on which the writer runs as it does inside a chunk's transaction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScratchDatabase {
    private final String database = "freight_w_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    protected Connection real;

    @BeforeAll
    void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        real = DriverManager.getConnection(PgServer.urlFor(database));
        real.setAutoCommit(false);
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        if (real != null) real.close();
        try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Runs the statements and commits. */
    protected void sql(String... statements) throws SQLException {
        try (Statement s = real.createStatement()) {
            for (String q : statements) s.execute(q);
        }
        real.commit();
    }

    /** The table as Freight discovers it in the catalog. */
    protected Table table(String name) throws SQLException {
        Catalog.PhysicalTable p = new PostgresCatalog().describe(real, "default", name).orElseThrow();
        return new Table(UUID.randomUUID().toString(), "default", name, p.columns(), p.primaryKey(), p.uniqueKeys(),
                null, List.of(), true, 1, null);
    }

    protected static MappedRow row(long index, boolean delete, Object... values) {
        return new MappedRow(index, index + 2, values, delete, null, null);
    }
}
