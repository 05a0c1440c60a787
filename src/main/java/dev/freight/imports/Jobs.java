package dev.freight.imports;

import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.store.Store;
import dev.freight.worker.JobSignals;
import java.util.List;
import java.util.Optional;

/**
 * Jobs as adapters see them: only within the key's workspace (another workspace's job does not
 * exist), listed, cancelled, and followed until they change or end: woken by this node's runner,
 * polling for other nodes'.
 */
public final class Jobs {
    private static final long POLL_MILLIS = 500;
    /** How long a cancel waits for a running job to stop at its next chunk boundary before answering. */
    private static final long CANCEL_WAIT_MILLIS = 10_000;

    private final Store store;
    private final JobSignals signals;

    Jobs(Store store, JobSignals signals) {
        this.store = store;
        this.signals = signals;
    }

    /** The job {@code id} of {@code workspace}; empty for an unknown id and for another workspace's job alike. */
    public Optional<Job> find(String workspace, String id) {
        return store.job(id).filter(j -> j.workspace().equals(workspace));
    }

    /** The job {@code id} of {@code workspace}, or 404 "{@code noun id} does not exist" (the vendor's word for a job). */
    public Job get(String workspace, String id, String noun) {
        return find(workspace, id).orElseThrow(() -> Refused.notFound(noun + " " + id + " does not exist"));
    }

    /** The job numbered {@code number} of {@code workspace}; empty for an unknown number and for another workspace's job alike. */
    public Optional<Job> findByNumber(String workspace, long number) {
        return store.jobByNumber(number).filter(j -> j.workspace().equals(workspace));
    }

    /** The workspace's jobs by number, oldest first when {@code ascending}, skipping {@code offset}, at most {@code limit}. */
    public List<Job> page(String workspace, boolean ascending, long offset, int limit) {
        return store.jobsPage(workspace, ascending, offset, limit);
    }

    /** How many jobs the workspace has. */
    public long count(String workspace) {
        return store.countJobs(workspace);
    }

    /** The workspace's jobs, newest first, optionally of one table and state, before job number {@code beforeNumber}. */
    public List<Job> list(String workspace, String table, JobState state, Long beforeNumber, int limit) {
        return store.jobs(workspace, table, state, beforeNumber, limit);
    }

    /**
     * Cancels a job: a queued one at once, a running one at its next chunk boundary (answered once
     * it stopped, or after a while as it is then). 409 when it has already ended.
     */
    public Job cancel(Job job) {
        if (job.state().isFinal()) throw Refused.conflict("job " + job.id() + " has already ended (" + job.state().wireName() + ")");
        if (job.state() == JobState.QUEUED && store.finish(job.id(), null, JobState.CANCELLED, null, "cancelled before it started")) {
            signals.jobEnded(job.id()); // listeners such as callbacks hear it
            return current(job.id());
        }
        signals.cancelRequested(job.id()); // this node's runner stops now; the request below reaches the others
        store.requestCancel(job.id());
        return awaitFinal(job.id(), CANCEL_WAIT_MILLIS);
    }

    /** The job as stored now (its id came from a workspace check already). */
    public Job current(String id) {
        return store.job(id).orElseThrow(() -> Refused.notFound("job " + id + " does not exist"));
    }

    /** The job once final, or as it is when {@code millis} have passed. */
    public Job awaitFinal(String id, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long seen = signals.version(id);
            Job j = current(id);
            long left = deadline - System.currentTimeMillis();
            if (j.state().isFinal() || left <= 0) return j;
            long wait = Math.min(left, POLL_MILLIS);
            if (!awaitChange(id, seen, wait, wait)) return j; // progress alone does not end this wait
        }
    }

    /** A version of the job's state on this node, to wait for its next change with {@link #awaitChange}. */
    public long version(String id) {
        return signals.version(id);
    }

    /**
     * Waits until the job changes after {@code seenVersion}, or {@code millis} pass; progress
     * alone (a committed chunk) wakes it only after {@code progressAfterMillis}. False when interrupted.
     */
    public boolean awaitChange(String id, long seenVersion, long millis, long progressAfterMillis) {
        try {
            signals.awaitJob(id, seenVersion, millis, progressAfterMillis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
