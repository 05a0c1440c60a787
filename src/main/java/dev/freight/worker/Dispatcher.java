package dev.freight.worker;

import dev.freight.job.Job;
import dev.freight.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims queued jobs and runs them, at most {@code workers} at once on this node. Each claimed
 * job carries a lease that a heartbeat renews; {@link #rescueOnce()} returns jobs whose lease
 * lapsed (their node died) to the queue, or fails them once they have taken down a node
 * {@code maxCrashes} times (poison jobs). Any number of nodes may share one database.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Store store;
    private final JobSignals signals;
    private final int workers;
    private final Duration lease;
    private final String owner = "node-" + UUID.randomUUID();
    private final Semaphore slots;
    /** How long {@link #close} lets running jobs reach a chunk boundary before it gives them back itself. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** How often running jobs are checked for a cancel request made on any node. */
    private static final long CANCEL_CHECK_MILLIS = 1000;

    /** A job running on this node: the lease token of its claim, and its runner. */
    private record Running(String token, JobRunner runner) {}

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicLong claims = new AtomicLong();
    private final ExecutorService pool;
    private final int chunkSize;
    private final int maxCrashes;
    private volatile JobRunner.Rows rows;
    /** Tests only: runs before every chunk commit ("commit") and every heartbeat ("heartbeat") of this node. */
    private volatile java.util.function.Consumer<String> stall = point -> {};
    private volatile boolean stopping;
    private Thread loop;
    private Thread heartbeat;

    public Dispatcher(Store store, JobSignals signals, int workers, int chunkSize, Duration lease) {
        this(store, signals, workers, chunkSize, lease, 3);
    }

    /** @param maxCrashes a job whose node stopped under it this many times fails instead of resuming again */
    public Dispatcher(Store store, JobSignals signals, int workers, int chunkSize, Duration lease, int maxCrashes) {
        this.maxCrashes = maxCrashes;
        this.rows = job -> StoredRows.open(store, job.id(), job.spec());
        this.store = store;
        this.signals = signals;
        this.workers = workers;
        this.lease = lease;
        this.slots = new Semaphore(workers);
        this.pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("freight-worker-", 1).factory());
        this.chunkSize = chunkSize;
        signals.onCancelRequested(id -> {
            Running r = running.get(id);
            if (r != null) r.runner().cancel();
        });
    }

    public String owner() {
        return owner;
    }

    public void start() {
        log.info("{} takes jobs: {} workers, chunks of {} rows, lease {} s", owner, workers, chunkSize, lease.toSeconds());
        loop = Thread.ofPlatform().name("freight-dispatcher").daemon().start(this::loop);
        heartbeat = Thread.ofPlatform().name("freight-heartbeat").daemon().start(this::heartbeat);
    }

    private void loop() {
        while (!stopping) {
            try {
                claimOnce();
                signals.awaitQueue(500);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("dispatcher: {}", e.getMessage());
                sleep(1000);
            }
        }
    }

    /**
     * Claims as many runnable jobs as there are free workers and starts them. Every claim gets
     * its own lease token: a runner that lost its lease (it stalled, the job was rescued and
     * claimed again, even by this node) can no longer commit anything for the job.
     */
    void claimOnce() {
        while (slots.availablePermits() > 0 && !stopping) {
            String token = owner + "/" + claims.incrementAndGet();
            List<Job> jobs = store.claim(token, 1, Instant.now().plus(lease));
            if (jobs.isEmpty()) return;
            Job job = jobs.get(0);
            slots.acquireUninterruptibly();
            JobRunner runner = new JobRunner(store, signals, token, chunkSize, () -> stopping, rows,
                    () -> stall.accept("commit"));
            Running r = new Running(token, runner);
            running.put(job.id(), r);
            signals.jobChanged(job.id());
            pool.execute(() -> {
                try {
                    runner.run(job);
                } finally {
                    running.remove(job.id(), r);
                    slots.release();
                    signals.jobQueued(); // a table may have its next job ready
                }
            });
        }
    }

    /** Renews leases and rescues lapsed jobs every third of a lease; looks for cancel requests every second. */
    private void heartbeat() {
        long every = Math.max(200, lease.toMillis() / 3);
        long nextRenewal = System.currentTimeMillis() + every;
        while (!stopping) {
            sleep(Math.min(CANCEL_CHECK_MILLIS, every));
            stall.accept("heartbeat");
            try {
                cancelRequested();
                if (System.currentTimeMillis() >= nextRenewal) {
                    nextRenewal = System.currentTimeMillis() + every;
                    running.forEach((id, r) -> store.renewLease(id, r.token(), Instant.now().plus(lease)));
                    if (!rescueOnce().isEmpty()) signals.jobQueued();
                }
            } catch (RuntimeException e) {
                if (!stopping) log.warn("heartbeat: {}", e.getMessage()); // stopping: the store may be closing under it
            }
        }
    }

    /** Tells the runners of jobs cancelled (on any node) to stop now, whatever they are doing. */
    private void cancelRequested() {
        if (running.isEmpty()) return;
        for (String id : store.cancelRequested(List.copyOf(running.keySet()))) {
            Running r = running.get(id);
            if (r != null) r.runner().cancel();
        }
    }

    /**
     * Returns jobs whose lease lapsed to the queue, and fails those whose node has now stopped
     * under them {@code maxCrashes} times; tests call it directly.
     */
    public List<String> rescueOnce() {
        return rescue(Instant.now());
    }

    /** Rescues the jobs whose lease ends before {@code now}. */
    public List<String> rescue(Instant now) {
        List<Store.Rescued> rescued = store.requeueExpired(now, maxCrashes);
        if (!rescued.isEmpty()) log.info("rescued {} job(s) whose lease lapsed: {}", rescued.size(), rescued);
        List<String> ids = new java.util.ArrayList<>();
        for (Store.Rescued r : rescued) {
            ids.add(r.id());
            if (r.state().isFinal()) signals.jobEnded(r.id()); // callbacks and metrics of the job's end
        }
        return ids;
    }

    /** Tests only: how jobs claimed from now on open their rows (to make a reader throw). */
    void openRowsWith(java.util.function.UnaryOperator<JobRunner.Rows> wrap) {
        rows = wrap.apply(rows);
    }

    /**
     * Tests only: {@code s} runs before every chunk commit ({@code "commit"}) and every heartbeat
     * ({@code "heartbeat"}) of this node, so that a test can stall the node as a long GC pause or a
     * network stall would, past its lease.
     */
    void stallWith(java.util.function.Consumer<String> s) {
        stall = s;
    }

    public int workers() {
        return workers;
    }

    /**
     * Stops claiming and lets running jobs reach a chunk boundary (they return to the queue),
     * for at most {@link #GRACE}; a job still running then is given back to the queue from here,
     * and its runner can commit nothing more (its lease is gone).
     */
    @Override
    public void close() {
        stopping = true;
        if (loop != null) loop.interrupt();
        if (heartbeat != null) heartbeat.interrupt();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} job(s) did not stop within {} s; returning them to the queue", running.size(), GRACE.toSeconds());
                running.forEach((id, r) -> {
                    try {
                        store.requeue(id, r.token(), "this node stopped; the job resumes after its last committed chunk");
                    } catch (RuntimeException e) {
                        log.warn("job {}: cannot return it to the queue: {}", id, e.getMessage());
                    }
                });
                pool.shutdownNow();
            }
            // the store closes after this: no heartbeat or claim may still be using it
            if (heartbeat != null) heartbeat.join(2000);
            if (loop != null) loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
