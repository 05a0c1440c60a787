package dev.freight.ingest;

/**
 * A value does not fit its column. The message names the column, the value and what was
 * expected, e.g. {@code column score: 'abc' is not an integer}.
 */
public class CoercionException extends RuntimeException {
    private final String column;

    public CoercionException(String column, String message) {
        super(message);
        this.column = column;
    }

    public String column() {
        return column;
    }
}
