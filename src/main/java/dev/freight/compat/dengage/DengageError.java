package dev.freight.compat.dengage;

import java.util.Map;

/** A D·engage error answer: a status and {@code {"message": …}}, plus headers such as Retry-After. */
final class DengageError extends RuntimeException {
    static final String NOT_AUTHENTICATED = "Not-authenticated. Please re-login.";

    final int status;
    final Map<String, String> headers;

    DengageError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers;
    }

    DengageError(int status, String message) {
        this(status, message, Map.of());
    }

    static DengageError badRequest(String message) {
        return new DengageError(400, message);
    }
}
