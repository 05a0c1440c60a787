package dev.freight.compat.contractinsight;

import dev.freight.http.DialectError;

/** A ContractInsight error answer: a status and {@code {"LogId", "Message", "Exception"}}. */
final class CiError extends DialectError {
    CiError(int status, String message) {
        super(status, message);
    }

    static CiError badRequest(String message) {
        return new CiError(400, message);
    }
}
