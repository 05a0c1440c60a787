package dev.freight.job;

import java.util.Locale;

/**
 * The life of a job. The database holds the same set in a CHECK constraint.
 */
public enum JobState {
    /** Set by the import route when the payload is durable; set again by the lease rescuer. */
    QUEUED,
    /** Set by a worker when it claims the job under a lease. */
    RUNNING,
    /** Set by the worker after the last chunk committed. */
    COMPLETED,
    /** Set by the worker: malformed input, error threshold, atomic rollback, fatal store error. */
    FAILED,
    /** Set by the cancel route (queued job) or by the worker at a chunk boundary (running job). */
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromWire(String s) {
        for (JobState st : values()) if (st.wireName().equalsIgnoreCase(s)) return st;
        return null;
    }
}
