package dev.freight.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An import that cannot start: {@code status} 400 (the input cannot be read) or 422 (options
 * impossible for this table), with the offending fields.
 */
public class ImportRejected extends RuntimeException {
    private final int status;
    private final Map<String, String> errors;

    public ImportRejected(int status, String message, Map<String, String> errors) {
        super(message);
        this.status = status;
        // in the order found: the first is the one the message names, and errors[0] of the answer
        this.errors = errors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public int status() {
        return status;
    }

    public Map<String, String> errors() {
        return errors;
    }
}
