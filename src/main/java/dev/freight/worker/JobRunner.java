package dev.freight.worker;

import dev.freight.ingest.Coercer;
import dev.freight.ingest.CoercionException;
import dev.freight.ingest.MalformedInputException;
import dev.freight.ingest.MappedRow;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.RowReader;
import dev.freight.job.Counts;
import dev.freight.job.ErrorThreshold;
import dev.freight.job.ImportMode;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.EncodedResults;
import dev.freight.engine.PlannedChunk;
import dev.freight.engine.ResultChunk;
import dev.freight.store.Store;
import dev.freight.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job to its end: streams the stored body through reader, mapper and
 * coercion in chunks, and commits each chunk's rows, results and the job's progress in one
 * transaction. A resumed job skips the rows its committed chunks already cover, so a crash at
 * any instant neither loses nor repeats a row.
 *
 * <p>A little over our usual length on purpose: every way a job can stop (completed, failed,
 * cancelled, paused on a failing store, node stopping, lease lost) is decided in this one file;
 * the all-in-one-transaction path (atomic jobs, replace_all) is {@link OneTransactionRun}.
 */
final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** Waits between tries while the store fails transiently: quick at first, then every 5 s until it answers. */
    static final List<Duration> PAUSE_STEPS = List.of(Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5));
    /** How often a wait (for the next chunk, or in a pause) looks whether the job was cancelled or the node stops. */
    private static final long CHECK_MILLIS = 100;

    private final Store store;
    private final JobSignals signals;
    private final String owner;
    private final int chunkSize;
    private final BooleanSupplier stopping;
    private volatile boolean cancelled;
    /** This job counts among the node's {@link Pauses} until it commits again. */
    private boolean paused;

    /** Opens a job's rows: its stored body (tests wrap it to make a reader fail). */
    @FunctionalInterface
    interface Rows {
        RowReader open(Job job) throws IOException;
    }

    private final Rows rows;
    /** Runs before each chunk's commit: nothing, but a test stalls the node there (a long GC pause, a network stall). */
    private final Runnable beforeCommit;

    JobRunner(Store store, JobSignals signals, String owner, int chunkSize, BooleanSupplier stopping) {
        this(store, signals, owner, chunkSize, stopping, job -> StoredRows.open(store, job.id(), job.spec()), () -> {});
    }

    JobRunner(Store store, JobSignals signals, String owner, int chunkSize, BooleanSupplier stopping, Rows rows,
              Runnable beforeCommit) {
        this.rows = rows;
        this.beforeCommit = beforeCommit;
        this.store = store;
        this.signals = signals;
        this.owner = owner;
        this.chunkSize = chunkSize;
        this.stopping = stopping;
    }

    /** The job was cancelled: it ends within moments, whatever it is doing (reading, waiting, paused). */
    void cancel() {
        cancelled = true;
    }

    /** Whether the job must stop what it is doing: cancelled, or this node stopping. */
    private boolean halted() {
        return cancelled || stopping.getAsBoolean();
    }

    /**
     * Runs the job to a final state. Whatever is thrown on the way, an {@link Error} included,
     * ends the job with a message (or, when this node stops, leaves it to resume): the caller's
     * worker and the table's queue are always freed.
     */
    void run(Job job) {
        try {
            runRetrying(job);
        } catch (Interrupted e) {
            log.info("job {} paused: {}", job.id(), e.getMessage());
        } catch (MalformedInputException e) {
            end(job, JobState.FAILED, "malformed input: " + e.getMessage());
        } catch (Abort e) {
            end(job, e.state, e.getMessage());
        } catch (UncheckedIOException e) {
            end(job, JobState.FAILED, e.getCause() instanceof BoundedInputStream.ExpansionLimitException x
                    ? x.getMessage() : "cannot read the stored body: " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            String dropped = droppedMeanwhile(job);
            if (dropped == null) log.error("job {} failed", job.id(), e);
            // the job's error is an answer: the exception's own text (SQL, class names) stays in the log
            end(job, JobState.FAILED, dropped != null ? dropped
                    : "internal error: " + (e instanceof StoreException ? e.getMessage() : "the server's log has the details"));
        } catch (OutOfMemoryError e) {
            log.error("job {} ran out of memory", job.id(), e);
            end(job, JobState.FAILED, "internal error: the job ran out of memory; nothing of it is in memory any more, "
                    + "and the rows of the chunks committed before stay applied");
        } catch (Throwable e) {
            log.error("job {} failed", job.id(), e);
            end(job, JobState.FAILED, "internal error: the job's worker failed"
                    + (e instanceof StackOverflowError ? " (stack overflow)" : ""));
        } finally {
            resumed();
            signals.jobChanged(job.id());
        }
    }

    /** Why the job failed when its table was dropped under it (through the API or by another tool); null when it is there. */
    private String droppedMeanwhile(Job job) {
        try {
            return store.table(job.workspace(), job.table()).isPresent() ? null
                    : "table " + job.table() + " was dropped while the job ran; the rows of its committed chunks went with it";
        } catch (RuntimeException e) {
            return null; // the store fails: the original failure is the answer
        }
    }

    /**
     * Runs the job, and again after a transient store failure (busy or locked database, lost
     * connection, a database restarting, serialization failure, deadlock): the failed transaction
     * rolled back, so the job resumes after its last committed chunk, as after a crash. Meanwhile
     * the job is paused, for as long as the store fails: the node stays up, and the job goes on
     * once the store answers (or ends at once when cancelled). The pause is an event.
     */
    private void runRetrying(Job job) {
        Job current = job;
        int attempt = 0;
        String unrecorded = null; // a pause event the busy or lost store refused when it happened
        while (true) {
            try {
                if (attempt > 0) {
                    // re-read: the counts and the next row are those of the last committed chunk
                    current = store.job(job.id()).orElse(null);
                    if (current == null || current.state() != JobState.RUNNING) return; // rescued or ended meanwhile
                    if (unrecorded != null && note(job.id(), "retrying", unrecorded)) unrecorded = null;
                    note(job.id(), "running", "resumed after row " + current.nextIndex());
                }
                runJob(current);
                return;
            } catch (RuntimeException e) {
                if (halted() || !StoreFailures.isTransient(e)) throw e;
                if (!paused) {
                    signals.pauses().begin();
                    paused = true;
                }
                Duration wait = PAUSE_STEPS.get(Math.min(attempt, PAUSE_STEPS.size() - 1));
                attempt++;
                log.info("job {}: transient store failure, try {} in {} ms", job.id(), attempt + 1, wait.toMillis(), e);
                if (attempt == 1 || attempt % 12 == 0) { // an event for the pause, and one a minute while it lasts
                    String message = "paused: " + StoreFailures.describe(e) + "; trying again in " + wait.toMillis()
                            + " ms (try " + (attempt + 1) + "), the job resumes after its last committed chunk";
                    unrecorded = note(job.id(), "retrying", message) ? null : message;
                }
                pause(job, wait);
            }
        }
    }

    /** The job committed again (or ended): it no longer counts as paused. */
    private void resumed() {
        if (paused) {
            paused = false;
            signals.pauses().end();
        }
    }

    /** Waits out one step of a pause; a cancel or this node stopping ends the wait at once. */
    private void pause(Job job, Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            if (cancelled) throw new Abort(JobState.CANCELLED, "cancelled while paused");
            if (stopping.getAsBoolean()) {
                requeueQuietly(job);
                throw new Interrupted("node stopping while the job was paused");
            }
            sleep(Duration.ofMillis(Math.min(CHECK_MILLIS, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
        }
    }

    /** Gives the job back to the queue if the store lets us; if not, its lease lapses and it is rescued. */
    private void requeueQuietly(Job job) {
        try {
            store.requeue(job.id(), owner, "this node is stopping; the job resumes after its last committed chunk");
        } catch (RuntimeException e) {
            log.warn("job {}: cannot requeue it while stopping: {}", job.id(), e.getMessage());
        }
    }

    /**
     * An event that is worth recording but not worth failing for (the store may still be down).
     * Returns whether it was recorded.
     */
    private boolean note(String jobId, String state, String message) {
        try {
            store.addEvent(jobId, state, message);
            signals.jobChanged(jobId);
            return true;
        } catch (RuntimeException e) {
            log.warn("job {}: cannot record event {}: {}", jobId, state, e.getMessage());
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted("interrupted while waiting to retry");
        }
    }

    /**
     * Records the job's final state. A store that fails transiently is waited for (the job would
     * otherwise stay running until its lease lapsed, and count as a crash); a node stopping gives up.
     */
    private void end(Job job, JobState state, String message) {
        for (int attempt = 0; ; attempt++) {
            try {
                if (store.finish(job.id(), owner, state, state == JobState.FAILED ? message : null, message)) signals.jobEnded(job.id());
                else signals.jobChanged(job.id());
                return;
            } catch (RuntimeException e) {
                if (stopping.getAsBoolean() || !StoreFailures.isTransient(e)) {
                    log.warn("job {}: cannot record its end ({}): {}", job.id(), message, e.getMessage());
                    return;
                }
                sleepQuietly(PAUSE_STEPS.get(Math.min(attempt, PAUSE_STEPS.size() - 1)));
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runJob(Job job) {
        ImportSpec spec = job.spec();
        Table table = store.table(job.workspace(), job.table())
                .orElseThrow(() -> new Abort(JobState.FAILED, "table " + job.table() + " no longer exists"));
        Coercer coercer = new Coercer(spec.dateTimeFormats(), groups(table));
        RowMapper mapper;
        try {
            mapper = new RowMapper(table, spec.mappingOptions(), coercer);
        } catch (CoercionException e) {
            throw new Abort(JobState.FAILED, e.getMessage());
        }
        ApplyOptions options = new ApplyOptions(job.mode(), spec.key() != null ? spec.key() : table.primaryKey(),
                defaults(table, coercer), spec.alternateKey());
        boolean oneTransaction = spec.atomic() || job.mode() == ImportMode.REPLACE_ALL || spec.dryRun();
        try (RowReader reader = open(job)) {
            if (oneTransaction) {
                Counts counts = new OneTransactionRun(store, owner, chunkSize, () -> cancelled, stopping)
                        .run(job, table, options, mapper, reader);
                end(job, JobState.COMPLETED, "completed: " + summary(counts) + (spec.dryRun() ? "; a dry run: nothing was applied" : ""));
            } else {
                runChunked(job, table, options, mapper, reader);
            }
        }
    }

    /** Whether a name is an access group of the table's workspace, each name asked of the store once per job. */
    private Predicate<String> groups(Table table) {
        Map<String, Boolean> known = new ConcurrentHashMap<>();
        return name -> known.computeIfAbsent(name, n -> store.groupExists(table.workspace(), n));
    }

    private RowReader open(Job job) {
        try {
            return rows.open(job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object[] defaults(Table table, Coercer coercer) {
        Object[] out = new Object[table.columns().size()];
        for (int i = 0; i < out.length; i++) {
            Column c = table.columns().get(i);
            if (c.defaultValue() == null) continue;
            try {
                out[i] = coercer.coerce(c, c.defaultValue());
            } catch (RuntimeException e) {
                out[i] = null; // a database-side default Freight cannot read (e.g. an expression)
            }
        }
        return out;
    }


    private void runChunked(Job job, Table table, ApplyOptions options, RowMapper mapper, RowReader reader) {
        try (ChunkFeed feed = new ChunkFeed(reader, mapper, chunkSize, job.nextIndex(), Long.toString(job.number()))) {
            runChunked(job, table, options, feed);
        }
    }

    /**
     * Chunk after chunk, each committed with its results and the job's progress. Where the table
     * allows ({@link Store#canPlanAhead}), chunk N+1 is read and planned while chunk N is being
     * written: its plan sees what N will leave, and is made again in the rare case that the
     * database rejected a change of N to a key N+1 touches.
     */
    private void runChunked(Job job, Table table, ApplyOptions options, ChunkFeed feed) {
        boolean ahead = store.canPlanAhead(table);
        Counts counts = job.counts();
        long next = job.nextIndex();
        boolean first = next == 0;
        PlannedChunk inFlightPlan = null;
        try (ChunkCommitter committer = new ChunkCommitter("freight-commit-" + job.number())) {
            while (true) {
                if (cancelled) {
                    if (committer.busy()) committer.await();
                    throw new Abort(JobState.CANCELLED, "cancelled");
                }
                if (stopping.getAsBoolean()) {
                    if (committer.busy()) committer.await();
                    store.requeue(job.id(), owner, "this node is stopping; the job resumes after its last committed chunk");
                    throw new Interrupted("node stopping");
                }
                Chunk chunk = feed.next(this::halted);
                if (chunk == null) continue; // cancelled or stopping: handled above
                List<MappedRow> rows = chunk.rows();
                boolean last = chunk.last();
                long from = next;
                long until = rows.isEmpty() ? next : rows.get(rows.size() - 1).index() + 1;
                long[] lines = lines(rows);
                PlannedChunk plan = ahead && !rows.isEmpty() ? store.plan(table, options, rows, inFlightPlan) : null;
                EncodedResults encoded = plan != null ? plan.encodeResults(lines) : null;
                if (committer.busy()) {
                    counts = committed(job, committer.await());
                    if (plan != null && plan.dependsOnRejectedKeyOf(inFlightPlan)) {
                        plan = store.plan(table, options, rows, null);
                        encoded = null;
                    }
                }
                Counts before = counts;
                boolean resetNumbers = first && job.spec().resetAutonumber();
                PlannedChunk planned = plan;
                EncodedResults results = encoded;
                Supplier<Counts> commit = () -> commitChunk(job, table, options, rows, lines, planned, results, before, from,
                        until, last, resetNumbers);
                first = false;
                next = until;
                if (last) {
                    commit.get(); // the last chunk's transaction also ended the job
                    signals.jobEnded(job.id());
                    return;
                } else if (!ahead) {
                    counts = committed(job, commit.get());
                } else {
                    committer.start(commit);
                    inFlightPlan = plan;
                }
            }
        }
    }

    /** One chunk's transaction: its rows (planned ahead, or planned here), results and the job's progress. */
    private Counts commitChunk(Job job, Table table, ApplyOptions options, List<MappedRow> rows, long[] lines,
                               PlannedChunk plan, EncodedResults encoded, Counts before, long from, long until,
                               boolean last, boolean resetNumbers) {
        beforeCommit.run();
        Store.TxWork<Counts> work = tx -> {
            if (resetNumbers) tx.resetAutonumbers(table);
            Counts k = before;
            if (!rows.isEmpty()) {
                ChunkResult result = plan != null ? tx.write(plan) : tx.apply(table, options, rows);
                k = k.plus(result.outcomes());
                tx.recordResults(job.id(), new ResultChunk(from, store.clock().instant(), result.outcomes(),
                        result.keys(), result.messages(), lines), encoded);
            }
            // one statement records the progress and tells of a lease lost or a cancel: either rolls the chunk back
            switch (tx.progress(job.id(), owner, k, until)) {
                case LEASE_LOST -> throw new Interrupted("lease lost");
                case CANCEL_REQUESTED -> throw new Abort(JobState.CANCELLED, "cancelled");
                case RECORDED -> { }
            }
            if (last) {
                tx.setRequested(job.id(), until);
                ErrorThreshold threshold = job.spec().errorThreshold();
                boolean failed = threshold.exceeded(k.failed(), k.processed(), until);
                String message = failed ? thresholdMessage(k, threshold) : "completed: " + summary(k);
                tx.finish(job.id(), owner, failed ? JobState.FAILED : JobState.COMPLETED, failed ? message : null, message);
            }
            return k;
        };
        // the last chunk's commit waits for the disk, which makes the earlier ones durable too
        return last ? store.transaction(work) : store.transactionUnflushed(work);
    }

    /**
     * After a chunk before the last committed: listeners learn of it, and the error threshold may
     * end the job (the last chunk checks it in its own transaction, knowing the row count).
     */
    private Counts committed(Job job, Counts counts) {
        resumed();
        signals.jobProgressed(job.id());
        if (job.spec().errorThreshold().exceeded(counts.failed(), counts.processed(), null)) {
            throw new Abort(JobState.FAILED, thresholdMessage(counts, job.spec().errorThreshold()));
        }
        return counts;
    }

    static String thresholdMessage(Counts k, ErrorThreshold threshold) {
        return "error threshold exceeded: " + Counts.rows(k.failed()) + " failed (threshold " + threshold + ")";
    }

    /** Where each row starts in the input, so results can point a person at the line (D·engage, Hexabase). */
    static long[] lines(List<MappedRow> rows) {
        long[] out = new long[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i).line();
        return out;
    }

    static String summary(Counts k) {
        return Counts.rows(k.processed()) + ": " + k.inserted() + " inserted, " + k.updated() + " updated, " + k.unchanged()
                + " unchanged, " + k.ignored() + " ignored, " + k.deleted() + " deleted, " + k.failed() + " failed";
    }
}
