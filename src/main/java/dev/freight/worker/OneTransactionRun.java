package dev.freight.worker;

import dev.freight.ingest.MalformedInputException;
import dev.freight.ingest.MappedRow;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.job.Counts;
import dev.freight.job.ErrorThreshold;
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
 * rows then gets a failed result saying why). Dry runs of every mode: the same transaction, rolled
 * back at its end.
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

    /**
     * Runs every row of the job in one transaction; returns the counts it committed. A dry run
     * (any mode) takes this path too, and its transaction is always rolled back: see {@link #dryRun}.
     */
    Counts run(Job job, Table table, ApplyOptions options, RowMapper mapper, RowReader reader) {
        if (job.spec().dryRun()) {
            try (ResultSpool spool = ResultSpool.create()) {
                return dryRun(job, table, options, mapper, reader, spool);
            }
        }
        return run(job, table, options, mapper, reader, null);
    }

    /**
     * A dry run: the job's rows applied as the real run would apply them, in one transaction so
     * that each chunk sees what the earlier ones did, then rolled back. The row results are
     * spooled outside the transaction and written, with the counts, in a second one. A dry run of
     * a job the real run commits chunk by chunk stops at the error threshold as that run would,
     * with the results up to there; atomic and replace_all dry runs end as those runs end.
     */
    private Counts dryRun(Job job, Table table, ApplyOptions options, RowMapper mapper, RowReader reader, ResultSpool spool) {
        RolledBack end;
        try {
            run(job, table, options, mapper, reader, spool);
            throw new IllegalStateException("a dry run's transaction was committed"); // run never returns for a dry run
        } catch (RolledBack e) {
            end = e;
        }
        RolledBack done = end;
        store.transaction(tx -> {
            tx.deleteResults(job.id());
            spool.replay(c -> tx.recordEncodedResults(job.id(), c.firstIndex(), c.size(), c.committedAt(), c.data()));
            if (tx.progress(job.id(), owner, done.counts, done.next) == Store.Progress.LEASE_LOST) throw new Interrupted("lease lost");
            if (done.failure == null) tx.setRequested(job.id(), done.next);
            return null;
        });
        if (done.failure != null) throw new Abort(JobState.FAILED, done.failure);
        return done.counts;
    }

    /** Ends a dry run's transaction (rolled back) with what it found. */
    private static final class RolledBack extends RuntimeException {
        final Counts counts;
        final long next;
        final String failure;

        RolledBack(Counts counts, long next, String failure) {
            super(null, null, false, false);
            this.counts = counts;
            this.next = next;
            this.failure = failure;
        }
    }

    /** {@code spool}: a dry run's results go there, and the transaction ends with {@link RolledBack}. */
    private Counts run(Job job, Table table, ApplyOptions options, RowMapper mapper, RowReader reader, ResultSpool spool) {
        boolean atomic = job.spec().atomic();
        boolean dry = spool != null;
        // how the real run would stop at the error threshold: chunk by chunk, keeping what it did
        boolean chunked = dry && !atomic && job.mode() != ImportMode.REPLACE_ALL;
        ErrorThreshold threshold = job.spec().errorThreshold();
        RowLines lines = new RowLines();
        try {
            Counts counts = store.transaction(tx -> {
                if (job.mode() == ImportMode.REPLACE_ALL) tx.deleteAll(table);
                if (job.spec().resetAutonumber()) tx.resetAutonumbers(table);
                if (!dry) tx.deleteResults(job.id());
                Counts k = Counts.ZERO;
                long next = 0;
                while (true) {
                    Chunk chunk = nextChunk(reader, mapper, "cancelled; nothing was applied");
                    List<MappedRow> rows = chunk.rows();
                    boolean last = chunk.last();
                    if (!rows.isEmpty()) {
                        for (MappedRow row : rows) lines.add(row.index(), row.line());
                        ChunkResult result = tx.apply(table, options, rows);
                        int failedAt = firstFailure(result);
                        if (atomic && failedAt >= 0) {
                            long failedIndex = rows.get(failedAt).index();
                            // the row's own error (it may quote a value) stays in its result, where Visibility applies
                            throw new Abort(JobState.FAILED, "atomic import rolled back: " + lines.describe(failedIndex)
                                    + " failed (its result says why); nothing was applied", result, next, failedIndex);
                        }
                        k = k.plus(result.outcomes());
                        ResultChunk results = new ResultChunk(next, store.clock().instant(), result.outcomes(),
                                result.keys(), result.messages(), JobRunner.lines(rows));
                        if (dry) spool.add(results);
                        else tx.recordResults(job.id(), results);
                        next = rows.get(rows.size() - 1).index() + 1;
                        if (chunked && threshold.exceeded(k.failed(), k.processed(), last ? next : null)) {
                            throw new RolledBack(k, next, JobRunner.thresholdMessage(k, threshold));
                        }
                        if (!atomic && !chunked && threshold.exceeded(k.failed(), k.processed(), null)) {
                            throw new Abort(JobState.FAILED, "error threshold exceeded: " + Counts.rows(k.failed())
                                    + " failed (threshold " + threshold + "); nothing was applied");
                        }
                    }
                    if (tx.cancelRequested(job.id())) throw new Abort(JobState.CANCELLED, "cancelled; nothing was applied");
                    if (last) break;
                }
                if (dry) throw new RolledBack(k, next, null);
                if (tx.progress(job.id(), owner, k, next) == Store.Progress.LEASE_LOST) throw new Interrupted("lease lost");
                tx.setRequested(job.id(), next);
                return k;
            });
            return counts;
        } catch (Interrupted e) {
            if (stopping.getAsBoolean()) store.requeue(job.id(), owner, "this node is stopping; the job restarts");
            throw e;
        } catch (Abort e) {
            if (e.result != null) recordRollback(job, e, reader, lines);
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
    private void recordRollback(Job job, Abort e, RowReader reader, RowLines lines) {
        long chunkStart = e.chunkStart;
        ChunkResult r = e.result;
        long n = rowsIn(reader, chunkStart + r.outcomes().length, lines);
        String because = "not applied: the atomic import was rolled back because " + lines.describe(e.failedIndex) + " failed";
        store.transaction(tx -> {
            tx.deleteResults(job.id());
            Counts k = Counts.ZERO;
            for (long from = 0; from < n; from += chunkSize) {
                int size = (int) Math.min(chunkSize, n - from);
                Outcome[] outcomes = new Outcome[size];
                String[] messages = new String[size];
                String[] keys = new String[size];
                long[] rowLines = new long[size];
                Arrays.fill(outcomes, Outcome.FAILED);
                Arrays.fill(messages, because);
                for (int i = 0; i < size; i++) {
                    long idx = from + i;
                    rowLines[i] = lines.line(idx);
                    if (idx >= chunkStart && idx < chunkStart + r.outcomes().length) {
                        int j = (int) (idx - chunkStart);
                        if (r.outcomes()[j] == Outcome.FAILED) messages[i] = r.messages()[j];
                        keys[i] = r.keys()[j];
                    }
                    k = k.plus(Outcome.FAILED);
                }
                tx.recordResults(job.id(), new ResultChunk(from, store.clock().instant(), outcomes, keys, messages, rowLines));
            }
            tx.progress(job.id(), owner, k, n);
            tx.setRequested(job.id(), n);
            return null;
        });
    }

    /** The number of input rows: {@code readSoFar} plus what the reader still holds (up to unreadable input). */
    private static long rowsIn(RowReader reader, long readSoFar, RowLines lines) {
        long n = readSoFar;
        try {
            SourceRow row;
            while ((row = reader.next()) != null) {
                n = row.index() + 1;
                lines.add(row.index(), row.line());
            }
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
