package dev.freight.worker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-process wake-ups: a submission wakes the dispatcher, a committed chunk or a state change
 * wakes whoever follows that job (SSE, {@code wait}). Followers still poll the store as well,
 * since on several nodes the job may run elsewhere.
 */
public final class JobSignals {
    private final Object queue = new Object();
    private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();
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

    public void jobChanged(String jobId) {
        AtomicLong v = versions.computeIfAbsent(jobId, k -> new AtomicLong());
        synchronized (v) {
            v.incrementAndGet();
            v.notifyAll();
        }
    }

    /** Waits until the job changes or {@code millis} pass. */
    public void awaitJob(String jobId, long seenVersion, long millis) throws InterruptedException {
        AtomicLong v = versions.computeIfAbsent(jobId, k -> new AtomicLong());
        synchronized (v) {
            if (v.get() == seenVersion) v.wait(millis);
        }
    }

    public long version(String jobId) {
        return versions.computeIfAbsent(jobId, k -> new AtomicLong()).get();
    }

    /** Forgets a job that has ended (followers re-read it from the store). */
    void forget(String jobId) {
        versions.remove(jobId);
    }
}
