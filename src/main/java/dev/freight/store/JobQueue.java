package dev.freight.store;

import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The job queue in Freight's tables: jobs enqueued in order, claimed under a lease that the
 * worker renews, rescued when the lease lapses, ended once; each change with its event.
 */
public final class JobQueue {
    /** A job whose lease lapsed, back in the queue: how many crashes it has seen, and whether it was cancelled. */
    private record Lapsed(String id, int crashes, boolean cancelRequested) {}

    private final Database db;
    private final Queries q;
    private final JobRows rows;
    private final CallbackStates callbacks;
    private final Clock clock;

    JobQueue(Database db, Queries q, JobRows rows, CallbackStates callbacks, Clock clock) {
        this.db = db;
        this.q = q;
        this.rows = rows;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    /** Makes a stored body a queued job: numbered, with its first event, in one transaction. */
    public Job enqueue(Job job, long payloadBytes, String message) {
        return db.write(c -> {
            q.one(c, "enqueueLock", rs -> null, job.workspace(), job.table()); // held until commit: numbers follow commit order
            long number = q.number(c, "nextJobNumber");
            Job numbered = new Job(job.id(), number, job.workspace(), job.table(), job.mode(), job.spec(), JobState.QUEUED,
                    job.name(), job.ref(), Counts.ZERO, 0, false, job.createdAt(), null, null, null, null, List.of());
            rows.insert(c, numbered, payloadBytes);
            if (job.counts().requested() != null) setRequested(c, job.id(), job.counts().requested()); // counted at submission
            rows.insertEvent(c, job.id(), "queued", message, job.createdAt());
            return rows.byId(c, job.id()).orElseThrow();
        });
    }

    /** How many jobs of the whole installation are in {@code state} now. */
    public long count(JobState state) {
        return db.read(c -> q.number(c, "countJobsInState", state.wireName()));
    }

    public Optional<Job> job(String id) {
        return db.snapshot(c -> rows.byId(c, id));
    }

    public Optional<Job> byNumber(long number) {
        return db.snapshot(c -> rows.byNumber(c, number));
    }

    /** Jobs newest first; filters may be null; {@code beforeNumber} pages. */
    public List<Job> list(String workspace, String table, JobState state, Long beforeNumber, int limit) {
        return db.snapshot(c -> rows.list(c, workspace, table, state, beforeNumber, limit));
    }

    /** A workspace's jobs by number, oldest first when {@code ascending}, skipping {@code offset}, at most {@code limit}. */
    public List<Job> page(String workspace, boolean ascending, long offset, int limit) {
        return db.snapshot(c -> rows.page(c, workspace, ascending, offset, limit));
    }

    public long count(String workspace) {
        return db.read(c -> rows.count(c, workspace));
    }

    /** Claims the next runnable jobs (one per table, in submission order) for {@code owner}. */
    public List<Job> claim(String owner, int max, Instant leaseUntil) {
        return db.write(c -> {
            List<Job> claimed = new ArrayList<>();
            for (String id : q.list(c, "claimable", rs -> rs.getString(1), max)) {
                if (q.update(c, "claim", owner, leaseUntil, clock.instant(), id) == 1) {
                    rows.insertEvent(c, id, "running", "started on " + owner, clock.instant());
                    claimed.add(rows.byId(c, id).orElseThrow());
                }
            }
            return claimed;
        });
    }

    public boolean renewLease(String jobId, String owner, Instant until) {
        return db.write(c -> q.update(c, "renewLease", until, jobId, owner) == 1);
    }

    /**
     * Rescues every running job whose lease lapsed (its node died, or hung): each counts a crash
     * and returns to the queue, or ends {@code failed} at its {@code maxCrashes}-th crash (a
     * poison job: it would take the next node down too), or {@code cancelled} when a cancel was
     * asked for meanwhile. One transaction: no two nodes rescue the same job.
     */
    public List<Store.Rescued> requeueExpired(Instant now, int maxCrashes) {
        return db.write(c -> {
            List<Store.Rescued> out = new ArrayList<>();
            List<Lapsed> lapsed = q.list(c, "requeueExpired",
                    rs -> new Lapsed(rs.getString(1), rs.getInt(2), rs.getInt(3) != 0), now);
            for (Lapsed j : lapsed) {
                if (j.cancelRequested()) {
                    finish(c, j.id(), null, JobState.CANCELLED, null, "cancelled while its node was down");
                    out.add(new Store.Rescued(j.id(), JobState.CANCELLED));
                } else if (j.crashes() >= maxCrashes) {
                    String message = "stopped after " + j.crashes() + " crashes: its node stopped while running it "
                            + j.crashes() + " times (the limit); the rows of its committed chunks stay applied";
                    finish(c, j.id(), null, JobState.FAILED, message, message);
                    out.add(new Store.Rescued(j.id(), JobState.FAILED));
                } else {
                    rows.insertEvent(c, j.id(), "queued", "lease expired: the job returns to the queue and resumes after its "
                            + "last committed chunk (crash " + j.crashes() + " of at most " + maxCrashes + ")", now);
                    out.add(new Store.Rescued(j.id(), JobState.QUEUED));
                }
            }
            return out;
        });
    }

    /** Which of the jobs {@code ids} are running with a cancel request (one query for all). */
    public List<String> cancelRequested(List<String> ids) {
        if (ids.isEmpty()) return new ArrayList<>();
        // the one statement whose text depends on its arguments: an IN list of as many ids as asked about
        String text = q.sql("cancelRequestedAmong") + " (" + "?, ".repeat(ids.size() - 1) + "?)";
        return db.read(c -> q.list(c, text, ids.toArray(), rs -> rs.getString(1)));
    }

    /** Gives a running job back to the queue (this node stops); it resumes after its last chunk. */
    public void requeue(String jobId, String owner, String message) {
        db.write(c -> {
            if (q.update(c, "requeue", jobId, owner) == 1) rows.insertEvent(c, jobId, "queued", message, clock.instant());
            return null;
        });
    }

    public void addEvent(String jobId, String state, String message) {
        db.write(c -> {
            rows.insertEvent(c, jobId, state, message, clock.instant());
            return null;
        });
    }

    /**
     * Ends a job in a final state: a queued one (owner null), or a running one whose lease
     * {@code owner} holds. False when it had already ended or another claim holds it.
     */
    public boolean finish(String jobId, String owner, JobState state, String error, String message) {
        return db.write(c -> finish(c, jobId, owner, state, error, message));
    }

    boolean finish(Connection c, String jobId, String owner, JobState state, String error, String message)
            throws SQLException {
        boolean done = q.update(c, "finish", state.wireName(), error, clock.instant(), jobId, owner) == 1;
        // a callback is owed from the moment the job ends, so that a restart still delivers it
        if (done && rows.byId(c, jobId).map(j -> j.spec().callbackUrl() != null).orElse(false)) callbacks.due(c, jobId);
        if (done) rows.insertEvent(c, jobId, state.wireName(), message, clock.instant());
        return done;
    }

    public boolean requestCancel(String jobId) {
        return db.write(c -> q.update(c, "requestCancel", jobId) == 1);
    }

    // ---- inside a chunk's transaction (Store.Tx)

    /** Records the job's progress, and says whether a cancel was asked for meanwhile (one statement for both). */
    Store.Progress progress(Connection c, String jobId, String owner, Counts k, long nextIndex) throws SQLException {
        return q.one(c, "progress", rs -> rs.getInt(1) != 0 ? Store.Progress.CANCEL_REQUESTED : Store.Progress.RECORDED,
                k.processed(), k.inserted(), k.updated(), k.unchanged(), k.ignored(), k.deleted(), k.failed(), nextIndex,
                jobId, owner).orElse(Store.Progress.LEASE_LOST);
    }

    void setRequested(Connection c, String jobId, long requested) throws SQLException {
        q.update(c, "setRequested", requested, jobId);
    }

    /** Once per chunk: one column, not the job and its events. */
    boolean cancelRequested(Connection c, String jobId) throws SQLException {
        return q.one(c, "cancelRequested", rs -> rs.getInt(1) != 0, jobId).orElse(false);
    }
}
