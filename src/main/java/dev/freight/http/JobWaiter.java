package dev.freight.http;

import dev.freight.job.Job;
import dev.freight.worker.JobSignals;
import dev.freight.store.Store;

/** Follows a job until it changes or ends: woken by this node's runner, polling for other nodes'. */
final class JobWaiter {
    private static final long POLL_MILLIS = 500;
    private final Store store;
    private final JobSignals signals;

    JobWaiter(Store store, JobSignals signals) {
        this.store = store;
        this.signals = signals;
    }

    Job current(String id) {
        return store.job(id).orElseThrow(() -> ApiException.notFound("job " + id + " does not exist"));
    }

    /** The job once final, or as it is when {@code millis} have passed. */
    Job awaitFinal(String id, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long seen = signals.version(id);
            Job j = current(id);
            long left = deadline - System.currentTimeMillis();
            if (j.state().isFinal() || left <= 0) return j;
            awaitChange(id, seen, Math.min(left, POLL_MILLIS));
        }
    }

    /** A route ended the job (cancel before start): listeners such as callbacks hear it. */
    void ended(String id) {
        signals.jobEnded(id);
    }

    long version(String id) {
        return signals.version(id);
    }

    void awaitChange(String id, long seenVersion, long millis) {
        try {
            signals.awaitJob(id, seenVersion, millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
