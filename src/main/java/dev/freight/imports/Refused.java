package dev.freight.imports;

/**
 * The door refuses a request for what it asks, not for how it was sent: 404 (nothing of that name
 * in the key's workspace), 409 (it contradicts what is stored) or 400 (a value the store cannot
 * take, naming the field). Each adapter answers it in its own error shape.
 */
public final class Refused extends RuntimeException {
    private final int status;
    private final String field;

    private Refused(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public static Refused notFound(String message) {
        return new Refused(404, null, message);
    }

    public static Refused conflict(String message) {
        return new Refused(409, null, message);
    }

    public static Refused invalid(String field, String message) {
        return new Refused(400, field, message);
    }

    public int status() {
        return status;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
