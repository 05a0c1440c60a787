package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.freight.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Which store failures pause a job until the store answers again (transient), which refuse a body
 * for want of room (full), and which fail the job at once: by PostgreSQL's SQLSTATE, SQLite's
 * result code (extended codes included) and the JDBC exception types, wherever they sit in the
 * chain of causes. And what a client is told of each: never the driver's text.
 */
class StoreFailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // PostgreSQL: passing conditions
                argumentSet("40001 serialization_failure", pg("40001"), true, false, "a transaction conflict"),
                argumentSet("40P01 deadlock_detected", pg("40P01"), true, false, "a transaction conflict"),
                argumentSet("55P03 lock_not_available", pg("55P03"), true, false, "a lock was not available"),
                argumentSet("53300 too_many_connections", pg("53300"), true, false, "no connection to spare"),
                argumentSet("57P01 admin_shutdown", pg("57P01"), true, false, "shutting down, restarting or recovering"),
                argumentSet("57P02 crash_shutdown", pg("57P02"), true, false, "shutting down, restarting or recovering"),
                argumentSet("57P03 cannot_connect_now", pg("57P03"), true, false, "shutting down, restarting or recovering"),
                argumentSet("08006 connection_failure", pg("08006"), true, false, "the connection to the database was lost"),
                argumentSet("08001 cannot connect", pg("08001"), true, false, "the connection to the database was lost"),
                argumentSet("08003 connection_does_not_exist", pg("08003"), true, false, "the connection to the database was lost"),
                argumentSet("HikariCP: connection closed under the transaction", new SQLException("Connection is closed"),
                        true, false, "the connection to the database was lost"),
                // PostgreSQL: the job's own fault, or for good
                argumentSet("23505 unique_violation", pg("23505"), false, false, null),
                argumentSet("42P01 undefined_table (dropped under the job)", pg("42P01"), false, false, null),
                argumentSet("42703 undefined_column", pg("42703"), false, false, null),
                argumentSet("22P02 invalid_text_representation", pg("22P02"), false, false, null),
                argumentSet("57014 query_canceled", pg("57014"), false, false, null),
                argumentSet("53100 disk_full", pg("53100"), false, true, null),
                argumentSet("no SQLSTATE, another message", new SQLException("something else"), false, false, null),
                // SQLite: busy and locked, with their extended codes
                argumentSet("SQLITE_BUSY", sqlite(SQLiteErrorCode.SQLITE_BUSY), true, false, "busy or locked"),
                argumentSet("SQLITE_BUSY_SNAPSHOT", sqlite(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT), true, false, "busy or locked"),
                argumentSet("SQLITE_BUSY_RECOVERY", sqlite(SQLiteErrorCode.SQLITE_BUSY_RECOVERY), true, false, "busy or locked"),
                argumentSet("SQLITE_LOCKED", sqlite(SQLiteErrorCode.SQLITE_LOCKED), true, false, "busy or locked"),
                argumentSet("SQLITE_LOCKED_SHAREDCACHE", sqlite(SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE), true, false, "busy or locked"),
                argumentSet("SQLITE_FULL", sqlite(SQLiteErrorCode.SQLITE_FULL), false, true, null),
                argumentSet("SQLITE_CONSTRAINT_PRIMARYKEY", sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY), false, false, null),
                argumentSet("SQLITE_ERROR (no such table)", sqlite(SQLiteErrorCode.SQLITE_ERROR), false, false, null),
                argumentSet("SQLITE_READONLY", sqlite(SQLiteErrorCode.SQLITE_READONLY), false, false, null),
                argumentSet("SQLITE_CORRUPT", sqlite(SQLiteErrorCode.SQLITE_CORRUPT), false, false, null),
                // JDBC's own kinds, and causes further down
                argumentSet("SQLTransientConnectionException (pool timeout)", new SQLTransientConnectionException("timeout"),
                        true, false, "the database did not answer"),
                argumentSet("SQLTimeoutException", new SQLTimeoutException("timeout"), true, false, "the database did not answer"),
                argumentSet("SQLRecoverableException", new SQLRecoverableException("gone"), true, false, "the database did not answer"),
                argumentSet("40001 as the cause of a StoreException", new StoreException("write failed", pg("40001")),
                        true, false, "a transaction conflict"),
                argumentSet("SQLITE_BUSY two causes down", new IllegalStateException(new RuntimeException(
                        sqlite(SQLiteErrorCode.SQLITE_BUSY))), true, false, "busy or locked"),
                argumentSet("23505 as the cause of a StoreException", new StoreException("write failed", pg("23505")),
                        false, false, null),
                argumentSet("no room on the file system", new UncheckedIOException(new IOException("No space left on device")),
                        false, true, null),
                argumentSet("another I/O failure", new UncheckedIOException(new IOException("Broken pipe")), false, false, null),
                argumentSet("not a store failure", new IllegalStateException("a bug"), false, false, null));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifies(Throwable failure, boolean transientFailure, boolean full, String described) {
        assertThat(StoreFailures.isTransient(failure)).as("transient").isEqualTo(transientFailure);
        assertThat(StoreFailures.isFull(failure)).as("full").isEqualTo(full);
        if (described != null) {
            assertThat(StoreFailures.describe(failure)).contains(described)
                    .doesNotContain("SQLSTATE").doesNotContain("Exception").doesNotContain("timeout");
        }
    }

    private static SQLException pg(String sqlState) {
        return new SQLException("ERROR: driver text that stays in the log", sqlState);
    }

    private static SQLiteException sqlite(SQLiteErrorCode code) {
        return new SQLiteException("[" + code.name() + "] driver text", code);
    }
}
