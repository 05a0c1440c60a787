package dev.freight.http;

import java.util.Map;

/**
 * An error a vendor dialect answers: its status, message and headers (such as Retry-After);
 * {@link DialectSupport} writes it in the vendor's body. Dialects may name their own subclass.
 */
public class DialectError extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public DialectError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers == null ? Map.of() : headers;
    }

    public DialectError(int status, String message) {
        this(status, message, Map.of());
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
