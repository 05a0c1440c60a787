package dev.freight.compat.dengage;

import dev.freight.http.DialectError;
import java.util.Map;

/** A D·engage error answer: a status and {@code {"message": …}}, plus headers such as Retry-After. */
final class DengageError extends DialectError {
    static final String NOT_AUTHENTICATED = "Not-authenticated. Please re-login.";

    DengageError(int status, String message, Map<String, String> headers) {
        super(status, message, headers);
    }

    DengageError(int status, String message) {
        super(status, message);
    }

    static DengageError badRequest(String message) {
        return new DengageError(400, message);
    }
}
