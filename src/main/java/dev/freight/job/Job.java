package dev.freight.job;

import java.time.Instant;
import java.util.List;

/** A job as stored: its import, state, counts and history. */
public record Job(
        String id,
        long number,
        String workspace,
        String table,
        ImportMode mode,
        ImportSpec spec,
        JobState state,
        String name,
        String ref,
        Counts counts,
        long nextIndex,
        boolean cancelRequested,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String error,
        String callback,
        List<JobEvent> events) {}
