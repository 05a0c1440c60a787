package dev.freight.compat.hexabase;

import dev.freight.imports.Jobs;
import dev.freight.job.Job;
import java.util.Optional;

/**
 * {@code temp_datastore_id}: 24 hex digits, as Hexabase's own ids are. The first 16 are the job's
 * number, the last 8 the start of its id, so an id made up from a number alone finds nothing.
 */
final class TempIds {
    private static final int LENGTH = 24;

    private TempIds() {}

    static String of(Job job) {
        return String.format("%016x", job.number()) + job.id().replace("-", "").substring(0, 8);
    }

    /** The job of {@code workspace} behind {@code tempId}; empty for one that is malformed, unknown or another workspace's. */
    static Optional<Job> find(Jobs jobs, String workspace, String tempId) {
        if (tempId == null || tempId.length() != LENGTH || !tempId.chars().allMatch(TempIds::hex)) return Optional.empty();
        long number;
        try {
            number = Long.parseLong(tempId.substring(0, 16), 16);
        } catch (NumberFormatException e) { // past Long.MAX_VALUE: no job has that number
            return Optional.empty();
        }
        return jobs.findByNumber(workspace, number).filter(j -> of(j).equalsIgnoreCase(tempId));
    }

    private static boolean hex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
