package dev.freight.worker;

import dev.freight.ingest.MalformedInputException;
import dev.freight.ingest.MappedRow;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.job.Counts;
import dev.freight.job.ImportMode;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.job.Outcome;
import dev.freight.schema.Table;
import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.ResultChunk;
import dev.freight.store.Store;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Atomic jobs and replace_all: every chunk of the job in one transaction, so readers see the old
 * rows until it commits, and an atomic job that meets a failed row applies nothing (each of its
 * rows then gets a failed result saying why).
 */
final class OneTransactionRun {
    private final Store store;
    private final String owner;
    private final int chunkSize;
    private final BooleanSupplier cancelled;
    private final BooleanSupplier stopping;

    OneTransactionRun(Store store, String owner, int chunkSize, BooleanSupplier cancelled, BooleanSupplier stopping) {
        this.store = store;
        this.owner = owner;
        this.chunkSize = chunkSize;
        this.cancelled = cancelled;
        this.stopping = stopping;
    }

    private boolean halted() {
        return cancelled.getAsBoolean() || stopping.getAsBoolean();
    }

    /** Runs every row of the job in one transaction; returns the counts it committed. */
    Counts run(Job job, Table table, ApplyOptions options, RowMapper mapper, RowReader reader) {
        boolean atomic = job.spec().atomic();
        try {
            Counts counts = store.transaction(tx -> {
                if (job.mode() == ImportMode.REPLACE_ALL) tx.deleteAll(table);
                if (job.spec().resetAutonumber()) tx.resetAutonumbers(table);
                tx.deleteResults(job.id());
                Counts k = Counts.ZERO;
                long next = 0;
                while (true) {
                    Chunk chunk = nextChunk(reader, mapper, "cancelled; nothing was applied");
                    List<MappedRow> rows = chunk.rows();
                    boolean last = chunk.last();
                    if (!rows.isEmpty()) {
                        ChunkResult result = tx.apply(table, options, rows);
                        int failedAt = firstFailure(result);
                        if (atomic && failedAt >= 0) {
                            long failedIndex = rows.get(failedAt).index();
                            // the row's own error (it may quote a value) stays in its result, where Visibility applies
                            throw new Abort(JobState.FAILED, "atomic import rolled back: row " + failedIndex
                                    + " failed (its result says why); nothing was applied", result, next, failedIndex);
                        }
                        k = k.plus(result.outcomes());
                        tx.recordResults(job.id(), new ResultChunk(next, store.clock().instant(), result.outcomes(),
                                result.keys(), result.messages(), JobRunner.lines(rows)));
                        next = rows.get(rows.size() - 1).index() + 1;
                        if (!atomic && job.spec().errorThreshold().exceeded(k.failed(), k.processed(), null)) {
                            throw new Abort(JobState.FAILED, "error threshold exceeded: " + k.failed()
                                    + " rows failed (threshold " + job.spec().errorThreshold() + "); nothing was applied");
                        }
                    }
                    if (tx.cancelRequested(job.id())) throw new Abort(JobState.CANCELLED, "cancelled; nothing was applied");
                    if (last) break;
                }
                if (!tx.progress(job.id(), owner, k, next)) throw new Interrupted("lease lost");
                tx.setRequested(job.id(), next);
                return k;
            });
            return counts;
        } catch (Interrupted e) {
            if (stopping.getAsBoolean()) store.requeue(job.id(), owner, "this node is stopping; the job restarts");
            throw e;
        } catch (Abort e) {
            if (e.result != null) recordRollback(job, e, reader);
            throw e;
        }
    }

    /** The next chunk of a one-transaction job (which starts at row 0); a cancel or a stop ends the reading. */
    private Chunk nextChunk(RowReader reader, RowMapper mapper, String cancelMessage) {
        Chunk chunk = Chunk.read(reader, mapper, chunkSize, 0, this::halted);
        if (chunk != null) return chunk;
        if (cancelled.getAsBoolean()) throw new Abort(JobState.CANCELLED, cancelMessage);
        throw new Interrupted("node stopping");
    }

    /** After an atomic rollback: every row of the input, read or not, gets a failed result saying why. */
    private void recordRollback(Job job, Abort e, RowReader reader) {
        long chunkStart = e.chunkStart;
        ChunkResult r = e.result;
        long n = rowsIn(reader, chunkStart + r.outcomes().length);
        String because = "not applied: the atomic import was rolled back because row " + e.failedIndex + " failed";
        store.transaction(tx -> {
            tx.deleteResults(job.id());
            Counts k = Counts.ZERO;
            for (long from = 0; from < n; from += chunkSize) {
                int size = (int) Math.min(chunkSize, n - from);
                Outcome[] outcomes = new Outcome[size];
                String[] messages = new String[size];
                String[] keys = new String[size];
                Arrays.fill(outcomes, Outcome.FAILED);
                Arrays.fill(messages, because);
                for (int i = 0; i < size; i++) {
                    long idx = from + i;
                    if (idx >= chunkStart && idx < chunkStart + r.outcomes().length) {
                        int j = (int) (idx - chunkStart);
                        if (r.outcomes()[j] == Outcome.FAILED) messages[i] = r.messages()[j];
                        keys[i] = r.keys()[j];
                    }
                    k = k.plus(Outcome.FAILED);
                }
                tx.recordResults(job.id(), new ResultChunk(from, store.clock().instant(), outcomes, keys, messages));
            }
            tx.progress(job.id(), owner, k, n);
            tx.setRequested(job.id(), n);
            return null;
        });
    }

    /** The number of input rows: {@code readSoFar} plus what the reader still holds (up to unreadable input). */
    private static long rowsIn(RowReader reader, long readSoFar) {
        long n = readSoFar;
        try {
            SourceRow row;
            while ((row = reader.next()) != null) n = row.index() + 1;
        } catch (MalformedInputException | UncheckedIOException e) {
            // the input breaks further on: the rows before the break are all it has
        }
        return n;
    }

    private static int firstFailure(ChunkResult r) {
        for (int i = 0; i < r.outcomes().length; i++) if (r.outcomes()[i] == Outcome.FAILED) return i;
        return -1;
    }
}
