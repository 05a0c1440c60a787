package dev.freight.callback;

import dev.freight.Json;
import dev.freight.job.Job;
import dev.freight.store.Store;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a final job to its callback URL by POST (the body as {@link CallbackBodies} renders
 * it), signed with the workspace's secret ({@link CallbackSignature}), retrying a failed delivery
 * on a schedule (by default the Yesmail one: 30 s, 60 s, 3 min, 5 min, 10 min) and recording the
 * outcome on the job. Each delivery has one deadline for the whole exchange, and workspaces
 * deliver in lanes of their own ({@link CallbackLanes}), so no tenant's receiver holds up
 * another's. Redirects are not followed: they could lead to an address the check refused.
 */
public final class Callbacks implements AutoCloseable {
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10));
    /** How long one delivery may take, from connecting to the answer's status line. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Deliveries under way at once on a node, over all workspaces' lanes. */
    static final int CONCURRENCY = 32;
    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Store store;
    private final CallbackTargets targets;
    private final List<Duration> schedule;
    private final CallbackBodies bodies;
    private final CallbackLanes lanes = new CallbackLanes(CONCURRENCY);
    // waits only: retries to schedule, and the sender's deadlines (it closes a socket when one passes)
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("freight-callbacks").daemon().factory());
    private final CallbackSender sender;

    public Callbacks(Store store, CallbackTargets targets, List<Duration> schedule) {
        this(store, targets, schedule, new CallbackBodies(), DEFAULT_TIMEOUT);
    }

    public Callbacks(Store store, CallbackTargets targets, List<Duration> schedule, CallbackBodies bodies, Duration timeout) {
        this.store = store;
        this.targets = targets;
        this.schedule = List.copyOf(schedule);
        this.bodies = bodies;
        try {
            this.sender = new CallbackSender(SSLContext.getDefault(), timer, timeout);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** Schedules the delivery of a job that has just ended. */
    public void jobEnded(String jobId) {
        enqueue(jobId, 1);
    }

    /**
     * Resumes the deliveries a previous run of this node (or a node that stopped) still owed: each
     * is tried again now, counting its earlier attempts. Several nodes resuming at once may deliver
     * a callback twice; receivers get at-least-once delivery, as with any retried webhook, and the
     * same {@code Freight-Delivery} id on every attempt to tell them apart.
     */
    public void resumePending() {
        for (String id : store.pendingCallbacks()) {
            int done = store.job(id).map(Job::callback).map(j -> Json.read(j, Map.class).get("attempts"))
                    .map(a -> ((Number) a).intValue()).orElse(0);
            enqueue(id, done + 1);
        }
    }

    /** Puts the attempt in its workspace's lane; finding the workspace reads the store, so not on the caller's thread. */
    private void enqueue(String jobId, int attempt) {
        Thread.ofVirtual().name("freight-callback-enqueue").start(() -> {
            try {
                store.job(jobId).ifPresent(job -> lanes.submit(job.workspace(), () -> attempt(jobId, attempt)));
            } catch (RuntimeException e) {
                log.warn("callback of job {}: cannot be queued now ({}); the next start resumes it", jobId, e.getMessage());
            }
        });
    }

    private void attempt(String jobId, int attempt) {
        Job job = store.job(jobId).orElse(null);
        if (job == null || job.spec().callbackUrl() == null) return;
        URI url = URI.create(job.spec().callbackUrl());
        String delivery = deliveryId(job);
        String error;
        try {
            CallbackTargets.Target target = targets.check(url);
            byte[] body = Json.write(bodies.render(job)).getBytes(StandardCharsets.UTF_8);
            Instant now = store.clock().instant();
            List<String> secrets = store.callbackSecrets().current(job.workspace(), CallbackSignature.newSecret()).signing(now);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(CallbackSignature.DELIVERY, delivery);
            headers.put(CallbackSignature.TIMESTAMP, Long.toString(now.getEpochSecond()));
            headers.put(CallbackSignature.SIGNATURE, CallbackSignature.header(now.getEpochSecond(), body, secrets));
            sender.post(target, body, headers);
            record(jobId, url, delivery, "delivered", attempt, null);
            return;
        } catch (CallbackTargets.Refused e) {
            record(jobId, url, delivery, "refused", attempt, e.getMessage());
            return;
        } catch (CallbackSender.Failure e) {
            error = e.getMessage();
        } catch (RuntimeException e) { // the store, while preparing: the schedule tries again
            log.warn("callback of job {}: cannot be prepared", jobId, e);
            error = "the delivery could not be prepared: " + e.getMessage();
        }
        if (attempt > schedule.size()) {
            record(jobId, url, delivery, "failed", attempt, error + "; gave up after " + attempt + " attempts");
            return;
        }
        Duration wait = schedule.get(attempt - 1);
        record(jobId, url, delivery, "retrying", attempt, error + "; next attempt in " + wait.toSeconds() + " s");
        timer.schedule(() -> enqueue(jobId, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The id every attempt of this job's delivery carries: the one recorded, or a new one. */
    private static String deliveryId(Job job) {
        if (job.callback() != null) {
            Object id = Json.read(job.callback(), Map.class).get("deliveryId");
            if (id != null) return id.toString();
        }
        return UUID.randomUUID().toString();
    }

    private void record(String jobId, URI url, String delivery, String state, int attempts, String error) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("url", url.toString());
        c.put("deliveryId", delivery);
        c.put("state", state);
        c.put("attempts", attempts);
        c.put("lastAttemptAt", Json.time(Instant.now()));
        if (error != null) c.put("error", error);
        store.setCallback(jobId, state, Json.write(c));
        if (!state.equals("delivered")) log.info("callback of job {}: {} ({})", jobId, state, error);
    }

    @Override
    public void close() {
        lanes.close();
        timer.shutdownNow();
    }
}
