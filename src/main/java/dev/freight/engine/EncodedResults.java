package dev.freight.engine;

import dev.freight.job.Outcome;
import java.util.Arrays;

/**
 * A chunk's results encoded while the chunk is planned, off the transaction that writes it. The
 * write may still change an outcome (a row the database rejects); the blob is used only when the
 * results are still the ones it was made from, and made again otherwise.
 */
public record EncodedResults(Outcome[] outcomes, String[] keys, String[] messages, byte[] bytes) {
    static EncodedResults of(ChunkResult r, long[] lines) {
        Outcome[] outcomes = r.outcomes().clone();
        String[] keys = r.keys().clone();
        String[] messages = r.messages().clone();
        byte[] bytes = new ResultChunk(0, null, outcomes, keys, messages, lines).encode();
        return new EncodedResults(outcomes, keys, messages, bytes);
    }

    /** The blob for {@code chunk}: this one when nothing changed since, else a fresh encoding. */
    public byte[] bytesFor(ResultChunk chunk) {
        boolean same = Arrays.equals(outcomes, chunk.outcomes()) && Arrays.equals(keys, chunk.keys())
                && Arrays.equals(messages, chunk.messages());
        return same ? bytes : chunk.encode();
    }
}
