package dev.freight.ingest;

/** The input's framing is broken (unreadable CSV, invalid JSON): the whole job fails. */
public class MalformedInputException extends RuntimeException {
    private final long line;

    public MalformedInputException(long line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public MalformedInputException(long line, String message, Throwable cause) {
        super("line " + line + ": " + message, cause);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
