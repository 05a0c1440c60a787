package dev.freight.compat.yesmail;

import dev.freight.http.DialectError;

/** A Yesmail error answer: the status and {@code {"status": …, "message": …}} (Freight's choice of body). */
final class YesmailError extends DialectError {
    YesmailError(int status, String message) {
        super(status, message);
    }

    static YesmailError badRequest(String message) {
        return new YesmailError(400, message);
    }
}
