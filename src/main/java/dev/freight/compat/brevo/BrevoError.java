package dev.freight.compat.brevo;

import dev.freight.http.DialectError;

/** A Brevo error answer: the status and {@code {"code", "message"}}, the code named after the status as Brevo names it. */
final class BrevoError extends DialectError {
    BrevoError(int status, String message) {
        super(status, message);
    }

    static BrevoError badRequest(String message) {
        return new BrevoError(400, message);
    }

    /** Brevo's {@code code} for a status. */
    static String code(int status) {
        return switch (status) {
            case 400 -> "invalid_parameter";
            case 401 -> "unauthorized";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "duplicate_parameter";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503, 507 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }
}
