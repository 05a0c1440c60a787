package dev.freight.imports;

import dev.freight.job.JobState;
import dev.freight.store.Store;
import dev.freight.worker.Pauses;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whether this node can serve: its database answers, and no job is paused because the database fails under it. */
public final class Health {
    private final Store store;
    private final Pauses pauses;

    Health(Store store, Pauses pauses) {
        this.store = store;
        this.pauses = pauses;
    }

    public boolean databaseAnswers() {
        return store.ping();
    }

    /**
     * How many jobs of the whole installation are in {@code state} now, for the metrics; NaN
     * when the database does not answer within {@link #COUNT_WAIT_MILLIS} (a scrape must not hang on it).
     */
    public double jobsIn(JobState state) {
        CompletableFuture<Long> count = new CompletableFuture<>();
        Thread.ofVirtual().name("freight-job-gauge").start(() -> {
            try {
                count.complete(store.countJobs(state));
            } catch (RuntimeException e) {
                count.completeExceptionally(e);
            }
        });
        try {
            return count.get(COUNT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static final long COUNT_WAIT_MILLIS = 2000;

    /** Jobs of this node paused on a failing database now. */
    public int pausedJobs() {
        return pauses.paused();
    }
}
