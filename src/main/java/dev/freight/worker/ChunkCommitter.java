package dev.freight.worker;

import dev.freight.job.Counts;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Commits a job's chunks on a thread of its own, one at a time, so that the worker can read and
 * plan the next chunk while the database writes this one. At most one commit is in flight;
 * {@link #close} waits for it, so no chunk is ever left being written behind the job's back.
 */
final class ChunkCommitter implements AutoCloseable {
    private final String name;
    private ExecutorService thread; // started by the first chunk that has a successor to overlap with
    private Future<Counts> inFlight;

    ChunkCommitter(String name) {
        this.name = name;
    }

    boolean busy() {
        return inFlight != null;
    }

    /** Starts committing a chunk; the previous one must have been awaited. */
    void start(Supplier<Counts> commit) {
        if (inFlight != null) throw new IllegalStateException("a chunk is still in flight");
        if (thread == null) thread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(name).daemon().unstarted(r));
        inFlight = thread.submit(commit::get);
    }

    /** Waits for the chunk in flight; its failure is thrown here as it was thrown there. */
    Counts await() {
        Future<Counts> f = inFlight;
        inFlight = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the commit runs on; its outcome decides what the job did
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            if (inFlight != null) await();
        } catch (RuntimeException | Error ignored) {
            // the job already fails for another reason; this only makes sure the commit ended
        } finally {
            if (thread != null) thread.shutdown();
        }
    }
}
