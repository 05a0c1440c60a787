package dev.freight.worker;

import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process wake-ups: a submission wakes the dispatcher, a committed chunk or a state change
 * wakes whoever follows that job (SSE, {@code wait}). Followers still poll the store as well,
 * since on several nodes the job may run elsewhere.
 *
 * <p>A change is either a new state (started, paused, ended: followers hear it at once) or mere
 * progress (a committed chunk). A large job commits hundreds of chunks a second, and a follower
 * that read the job again at each would cost the store two queries per chunk, and the job its
 * speed; so each follower says how soon progress alone may wake it.
 */
public final class JobSignals {
    private final Object queue = new Object();
    private final ConcurrentHashMap<String, Versions> versions = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<String>> endListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<java.util.function.Consumer<String>> cancelListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Pauses pauses = new Pauses();

    /** The jobs of this node paused on a failing store. */
    public Pauses pauses() {
        return pauses;
    }

    /** {@code listener} hears the id of every job that ends on this node (callbacks). */
    public void onJobEnded(java.util.function.Consumer<String> listener) {
        endListeners.add(listener);
    }

    /** {@code listener} hears the id of every job whose cancel is asked for on this node. */
    public void onCancelRequested(java.util.function.Consumer<String> listener) {
        cancelListeners.add(listener);
    }

    /**
     * A cancel was asked for here: this node's runner of the job (if any) stops at once, without
     * waiting for the request to be written (on SQLite that write waits for a one-transaction job).
     */
    public void cancelRequested(String jobId) {
        for (var l : cancelListeners) l.accept(jobId);
    }

    /** A job reached a final state here. */
    public void jobEnded(String jobId) {
        jobChanged(jobId);
        for (var l : endListeners) l.accept(jobId);
    }

    public void jobQueued() {
        synchronized (queue) {
            queue.notifyAll();
        }
    }

    void awaitQueue(long millis) throws InterruptedException {
        synchronized (queue) {
            queue.wait(millis);
        }
    }

    /** The job's state changed (or anything else a follower must hear at once). */
    public void jobChanged(String jobId) {
        versions.computeIfAbsent(jobId, k -> new Versions()).bump(true);
    }

    /** The job committed a chunk: its counts moved, its state did not. */
    public void jobProgressed(String jobId) {
        versions.computeIfAbsent(jobId, k -> new Versions()).bump(false);
    }

    /**
     * Waits until the job changes after {@code seenVersion}, or {@code millis} pass: a new state
     * ends the wait at once, progress alone only once {@code progressAfterMillis} have passed
     * (a follower that wants no progress passes at least {@code millis}).
     */
    public void awaitJob(String jobId, long seenVersion, long millis, long progressAfterMillis) throws InterruptedException {
        versions.computeIfAbsent(jobId, k -> new Versions()).await(seenVersion, millis, progressAfterMillis);
    }

    public long version(String jobId) {
        return versions.computeIfAbsent(jobId, k -> new Versions()).version();
    }

    /** A job's count of changes, and the count at its last change of state. */
    private static final class Versions {
        private long version;
        private long stateVersion;

        synchronized void bump(boolean state) {
            version++;
            if (state) stateVersion = version;
            notifyAll();
        }

        synchronized long version() {
            return version;
        }

        synchronized void await(long seen, long millis, long progressAfterMillis) throws InterruptedException {
            long start = System.nanoTime();
            while (stateVersion <= seen) {
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (version > seen && waited >= progressAfterMillis) return;
                long until = version > seen ? Math.min(millis, progressAfterMillis) : millis;
                if (waited >= until) return;
                wait(until - waited);
            }
        }
    }

    /** Forgets a job that has ended (followers re-read it from the store). */
    void forget(String jobId) {
        versions.remove(jobId);
    }
}
