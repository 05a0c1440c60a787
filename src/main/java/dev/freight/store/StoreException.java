package dev.freight.store;

/** The database failed in a way the caller cannot fix by changing its input. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /** The request contradicts what is stored (a table that already exists). */
    public static class Conflict extends StoreException {
        public Conflict(String message) {
            super(message);
        }
    }
}
