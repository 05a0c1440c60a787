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
        if (kind == StoreKind.POSTGRESQL) {
            // PostgreSQL reads the setting at the commit: a trigger deferred to the commit notes it there
            db.write(c -> {
                execute(c, "CREATE TABLE " + table + "_seen (id integer, setting text)");
                execute(c, "CREATE FUNCTION " + table + "_note() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO "
                        + table + "_seen VALUES (NEW.id, current_setting('synchronous_commit')); RETURN NULL; END$$");
                return execute(c, "CREATE CONSTRAINT TRIGGER " + table + "_at_commit AFTER INSERT ON " + table
                        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " + table + "_note()");
            });
        }
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
        if (kind == StoreKind.POSTGRESQL) {
            assertThat(settingAtCommit(1)).isEqualTo("off");
        } else {
            assertThat(during).isEqualTo("1"); // SQLite's NORMAL, set on the connection before the transaction
        }

        assertThat(db.read(this::setting)).isEqualTo(durable());
        assertThat(db.write(this::setting)).isEqualTo(durable());
        assertThat(db.<Integer>read(c -> count(c, 1))).isEqualTo(1);
        if (kind == StoreKind.POSTGRESQL) {
            db.write(c -> execute(c, "INSERT INTO " + table + " VALUES (3)"));
            assertThat(settingAtCommit(3)).isEqualTo("on");
        }
    }

    /** PostgreSQL: synchronous_commit as the commit of the write that inserted {@code id} saw it. */
    private String settingAtCommit(int id) {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT setting FROM " + table + "_seen WHERE id = " + id)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
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
