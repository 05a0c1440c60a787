package dev.freight.store;

import java.sql.SQLException;

/** The database failed in a way the caller cannot fix by changing its input. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /**
     * A failure of the database in words a client may read: what happened, never the driver's
     * message (it may carry SQL, values or the driver's names). The cause keeps it for the log.
     */
    public static StoreException of(SQLException e) {
        return new StoreException(describe(e), e);
    }

    static String describe(SQLException e) {
        String state = e.getSQLState();
        if (e.getClass().getName().startsWith("org.sqlite.")) {
            return switch (e.getErrorCode() & 0xff) { // extended result codes share the primary code's low byte
                case 5, 6 -> "the database is busy: another writer holds it";
                case 10 -> "the database cannot read or write its file";
                case 11, 26 -> "the database file is damaged";
                case 13 -> "the database or its disk is full";
                default -> "the database failed (result code " + (e.getErrorCode() & 0xff) + ")";
            };
        }
        if (state == null) return "the database cannot be reached"; // the pool's own failures carry no SQLSTATE
        if (state.startsWith("08")) return "the connection to the database was lost";
        if (state.startsWith("53")) return "the database is out of resources (SQLSTATE " + state + ")";
        if (state.startsWith("57")) return "the database is shutting down or starting up";
        return switch (state) {
            case "40001" -> "the database could not serialize this transaction with a concurrent one";
            case "40P01" -> "the database found a deadlock with a concurrent transaction";
            case "55P03" -> "a lock the database needed was not available";
            default -> "the database failed (SQLSTATE " + state + ")";
        };
    }

    /** The request contradicts what is stored (a table that already exists). */
    public static class Conflict extends StoreException {
        public Conflict(String message) {
            super(message);
        }
    }
}
