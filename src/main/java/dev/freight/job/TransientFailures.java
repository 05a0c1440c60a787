package dev.freight.job;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Store failures that a retry can cure: the same transaction would succeed a moment later.
 * Anything else (a bad statement, a full disk, a dropped table) fails the job at once.
 */
final class TransientFailures {
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

    private TransientFailures() {}

    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException) return true;
            if (c instanceof SQLException e && transientSql(e)) return true;
        }
        return false;
    }

    private static boolean transientSql(SQLException e) {
        String state = e.getSQLState();
        // HikariCP's answer on a connection that broke under the transaction; it carries no SQLSTATE
        if (state == null && CLOSED_BY_POOL.equals(e.getMessage())) return true;
        if (state != null && (state.startsWith("08") || STATES.contains(state))) return true; // class 08: connection lost
        if (e.getClass().getName().startsWith("org.sqlite.")) {
            int primary = e.getErrorCode() & 0xff; // extended codes such as BUSY_SNAPSHOT share the low byte
            return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
        }
        return false;
    }
}
