package dev.freight.worker;

import dev.freight.job.JobState;
import dev.freight.engine.ChunkResult;

/** Thrown inside a transaction to undo it; carries why. */
final class Abort extends RuntimeException {
    final JobState state;
    final ChunkResult result; // atomic rollback only: the failing chunk's outcomes
    final long chunkStart;
    final long failedIndex;

    Abort(JobState state, String message) {
        this(state, message, null, 0, -1);
    }

    Abort(JobState state, String message, ChunkResult result, long chunkStart, long failedIndex) {
        super(message, null, false, false);
        this.state = state;
        this.result = result;
        this.chunkStart = chunkStart;
        this.failedIndex = failedIndex;
    }
}
