package dev.freight.compat.yesmail;

/** A Yesmail error answer: the status and {@code {"status": …, "message": …}} (Freight's choice of body). */
final class YesmailError extends RuntimeException {
    final int status;

    YesmailError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static YesmailError badRequest(String message) {
        return new YesmailError(400, message);
    }
}
