package dev.freight.engine;

import dev.freight.job.Outcome;

/** Per-row outcomes of one applied chunk, parallel to its rows. */
public record ChunkResult(Outcome[] outcomes, String[] keys, String[] messages) {
    public static ChunkResult of(int n) {
        return new ChunkResult(new Outcome[n], new String[n], new String[n]);
    }
}
