package dev.freight.http;

import java.util.List;
import java.util.Map;

/** An error answer: its status, a short title, the detail, and offending fields where relevant. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Map<String, String>> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String title, String detail, List<Map<String, String>> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : errors;
        this.headers = headers == null ? Map.of() : headers;
    }

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, null, null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Map<String, String>> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "Bad Request", message,
                field == null ? null : List.of(Map.of("field", field, "message", message)), null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "Unauthorized", message, null, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "Not Found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "Conflict", message);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "Content Too Large", "the request body is larger than the limit of " + limit + " bytes");
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "Unsupported Media Type", message);
    }

    public static ApiException unprocessable(String message, Map<String, String> fields) {
        return new ApiException(422, "Unprocessable Content", message, fieldList(fields), null);
    }

    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(429, "Too Many Requests", message, null, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** The door's refusal as the native API answers it. */
    public static ApiException of(dev.freight.imports.Refused r) {
        return switch (r.status()) {
            case 404 -> notFound(r.getMessage());
            case 409 -> conflict(r.getMessage());
            default -> badRequest(r.field(), r.getMessage());
        };
    }

    static List<Map<String, String>> fieldList(Map<String, String> fields) {
        if (fields == null) return null;
        return fields.entrySet().stream().map(e -> Map.of("field", e.getKey(), "message", e.getValue())).toList();
    }
}
