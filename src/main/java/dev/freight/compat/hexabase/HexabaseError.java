package dev.freight.compat.hexabase;

import dev.freight.http.DialectError;

/** A Hexabase error answer: the status and {@code {"errors": [{description, error, error_level}], "has_error": true}}. */
final class HexabaseError extends DialectError {
    HexabaseError(int status, String message) {
        super(status, message);
    }

    static HexabaseError badRequest(String message) {
        return new HexabaseError(400, message);
    }

    static HexabaseError notFound(String message) {
        return new HexabaseError(404, message);
    }

    /** The short {@code error} word beside the description: the status's reason, as Hexabase words its own ("too many items"). */
    static String word(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 413 -> "payload too large";
            case 422 -> "unprocessable entity";
            case 503 -> "service unavailable";
            case 507 -> "insufficient storage";
            default -> status >= 500 ? "internal server error" : "error";
        };
    }
}
