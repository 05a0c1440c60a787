package dev.freight.job;

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
 * lapsed (their node died) to the queue. Any number of nodes may share one database.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Store store;
    private final JobSignals signals;
    private final int workers;
    private final Duration lease;
    private final String owner = "node-" + UUID.randomUUID();
    private final Semaphore slots;
    /** Running job id → the lease token of its claim. */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final AtomicLong claims = new AtomicLong();
    private final ExecutorService pool;
    private final int chunkSize;
    private volatile boolean stopping;
    private Thread loop;
    private Thread heartbeat;

    public Dispatcher(Store store, JobSignals signals, int workers, int chunkSize, Duration lease) {
        this.store = store;
        this.signals = signals;
        this.workers = workers;
        this.lease = lease;
        this.slots = new Semaphore(workers);
        this.pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("freight-worker-", 1).factory());
        this.chunkSize = chunkSize;
    }

    public String owner() {
        return owner;
    }

    public void start() {
        log.info("{} takes jobs: {} workers, lease {} s", owner, workers, lease.toSeconds());
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
            running.put(job.id(), token);
            signals.jobChanged(job.id());
            JobRunner runner = new JobRunner(store, signals, token, chunkSize, () -> stopping);
            pool.execute(() -> {
                try {
                    runner.run(job);
                } finally {
                    running.remove(job.id(), token);
                    slots.release();
                    signals.jobQueued(); // a table may have its next job ready
                }
            });
        }
    }

    private void heartbeat() {
        long every = Math.max(200, lease.toMillis() / 3);
        while (!stopping) {
            sleep(every);
            try {
                running.forEach((id, token) -> store.renewLease(id, token, Instant.now().plus(lease)));
                if (!rescueOnce().isEmpty()) signals.jobQueued();
            } catch (RuntimeException e) {
                log.warn("heartbeat: {}", e.getMessage());
            }
        }
    }

    /** Returns jobs whose lease lapsed to the queue; tests call it directly. */
    public List<String> rescueOnce() {
        List<String> ids = store.requeueExpired(Instant.now());
        if (!ids.isEmpty()) log.info("requeued {} job(s) whose lease lapsed: {}", ids.size(), ids);
        return ids;
    }

    public int workers() {
        return workers;
    }

    /** Stops claiming, lets running jobs reach a chunk boundary (they return to the queue), waits. */
    @Override
    public void close() {
        stopping = true;
        if (loop != null) loop.interrupt();
        if (heartbeat != null) heartbeat.interrupt();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) log.warn("workers did not stop within 60 s");
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
