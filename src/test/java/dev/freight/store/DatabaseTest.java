package dev.freight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freight.testing.StoreSuite;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * A write that does not wait for the disk commits like any other, waits for the disk only in
 * that one transaction, and leaves its connection as durable as before for the next write,
 * also when it fails. One connection in the pool, so every write here meets the same one.
 */
class DatabaseTest extends StoreSuite {
    private Database db;
    private String table;

    @BeforeParameterizedClassInvocation // after the suite's, which starts the node
    void open() {
        db = new Database(node.jdbcUrl(), 1);
        table = unique("durability");
        db.write(c -> execute(c, "CREATE TABLE " + table + " (id integer PRIMARY KEY)"));
    }

    @AfterParameterizedClassInvocation
    void close() {
        if (db != null) db.close();
    }

    @Test
    void anUnflushedWriteCommitsAndOnlyItSkipsWaitingForTheDisk() {
        String during = db.writeUnflushed(c -> {
            execute(c, "INSERT INTO " + table + " VALUES (1)");
            return setting(c);
        });
        assertThat(during).isEqualTo(kind == StoreKind.POSTGRESQL ? "off" : "1"); // SQLite's NORMAL is 1

        assertThat(db.read(this::setting)).isEqualTo(durable());
        assertThat(db.write(this::setting)).isEqualTo(durable());
        assertThat(db.<Integer>read(c -> count(c, 1))).isEqualTo(1);
    }

    @Test
    void aFailingUnflushedWriteRollsBackAndLeavesTheConnectionDurable() {
        assertThatThrownBy(() -> db.writeUnflushed(c -> {
            execute(c, "INSERT INTO " + table + " VALUES (2)");
            execute(c, "INSERT INTO " + table + " VALUES (2)"); // the key again: rejected
            return null;
        })).isInstanceOf(StoreException.class);

        assertThat(db.<Integer>read(c -> count(c, 2))).isZero();
        assertThat(db.write(this::setting)).isEqualTo(durable());
    }

    /** What every other write runs with: FULL (2) on SQLite, PostgreSQL's default on. */
    private String durable() {
        return kind == StoreKind.POSTGRESQL ? "on" : "2";
    }

    private String setting(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(kind == StoreKind.POSTGRESQL ? "SHOW synchronous_commit" : "PRAGMA synchronous")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int count(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE id = " + id)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Object execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }
}
