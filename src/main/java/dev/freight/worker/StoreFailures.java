package dev.freight.worker;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * What a store failure means for the work that met it. Transient: the same transaction would
 * succeed a moment later (busy or locked database, lost connection, a database restarting,
 * serialization failure, deadlock); the job pauses and resumes. Full: the disk under the
 * database has no room; a body being stored is refused. Anything else (a bad statement, a
 * dropped table) fails the job at once.
 */
public final class StoreFailures {
    /** SQLSTATEs of PostgreSQL that name a passing condition (see its appendix A). */
    private static final Set<String> STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "53300", // too_many_connections
            "57P01", // admin_shutdown: the server ended our connection
            "57P02", // crash_shutdown
            "57P03"); // cannot_connect_now: starting up or in recovery
    private static final String CLOSED_BY_POOL = "Connection is closed";
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_FULL = 13;
    private static final String PG_DISK_FULL = "53100";

    private StoreFailures() {}

    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException) return true;
            if (c instanceof SQLException e && transientSql(e)) return true;
        }
        return false;
    }

    /** The database's disk is full (SQLite's SQLITE_FULL, PostgreSQL's disk_full), or the file system said so. */
    public static boolean isFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException e) {
                if (PG_DISK_FULL.equals(e.getSQLState())) return true;
                if (isSqlite(e) && (e.getErrorCode() & 0xff) == SQLITE_FULL) return true;
            }
            if (c instanceof java.io.IOException && c.getMessage() != null && c.getMessage().contains("No space left")) return true;
        }
        return false;
    }

    /** A transient failure in a client's words: no driver text, no SQL. */
    public static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException e) {
                String state = e.getSQLState();
                if (isSqlite(e)) return "the database file is busy or locked by another process";
                if (state == null && CLOSED_BY_POOL.equals(e.getMessage()) || state != null && state.startsWith("08")) {
                    return "the connection to the database was lost";
                }
                if (state != null && state.startsWith("57P")) return "the database is shutting down, restarting or recovering";
                if ("53300".equals(state)) return "the database has no connection to spare";
                if (state != null && state.startsWith("40")) return "a transaction conflict (serialization failure or deadlock)";
                if ("55P03".equals(state)) return "a lock was not available";
            }
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException) return "the database did not answer";
        }
        return "the database is unavailable";
    }

    private static boolean transientSql(SQLException e) {
        String state = e.getSQLState();
        // HikariCP's answer on a connection that broke under the transaction; it carries no SQLSTATE
        if (state == null && CLOSED_BY_POOL.equals(e.getMessage())) return true;
        if (state != null && (state.startsWith("08") || STATES.contains(state))) return true; // class 08: connection lost
        if (isSqlite(e)) {
            int primary = e.getErrorCode() & 0xff; // extended codes such as BUSY_SNAPSHOT share the low byte
            return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
        }
        return false;
    }

    private static boolean isSqlite(SQLException e) {
        return e.getClass().getName().startsWith("org.sqlite.");
    }
}
