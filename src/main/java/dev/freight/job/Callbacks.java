package dev.freight.job;

import dev.freight.Json;
import dev.freight.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a final job to its callback URL by POST (the body as {@link CallbackBodies} renders it), retrying a failed delivery on a schedule
 * (by default the Yesmail one: 30 s, 60 s, 3 min, 5 min, 10 min) and recording the outcome on
 * the job. Redirects are not followed: they could lead to an address the check refused.
 */
public final class Callbacks implements AutoCloseable {
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10));
    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Store store;
    private final CallbackTargets targets;
    private final List<Duration> schedule;
    private final CallbackBodies bodies;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("freight-callbacks").daemon().factory());

    public Callbacks(Store store, CallbackTargets targets, List<Duration> schedule) {
        this(store, targets, schedule, new CallbackBodies());
    }

    public Callbacks(Store store, CallbackTargets targets, List<Duration> schedule, CallbackBodies bodies) {
        this.store = store;
        this.targets = targets;
        this.schedule = List.copyOf(schedule);
        this.bodies = bodies;
    }

    /** Schedules the delivery of a job that has just ended. */
    public void jobEnded(String jobId) {
        timer.execute(() -> attempt(jobId, 1));
    }

    /**
     * Resumes the deliveries a previous run of this node (or a node that stopped) still owed: each
     * is tried again now, counting its earlier attempts. Several nodes resuming at once may deliver
     * a callback twice; receivers get at-least-once delivery, as with any retried webhook.
     */
    public void resumePending() {
        for (String id : store.pendingCallbacks()) {
            int done = store.job(id).map(Job::callback).map(j -> Json.read(j, Map.class).get("attempts"))
                    .map(a -> ((Number) a).intValue()).orElse(0);
            timer.execute(() -> attempt(id, done + 1));
        }
    }

    private void attempt(String jobId, int attempt) {
        Job job = store.job(jobId).orElse(null);
        if (job == null || job.spec().callbackUrl() == null) return;
        URI url = URI.create(job.spec().callbackUrl());
        String refused = targets.refusal(url);
        if (refused != null) {
            record(jobId, url, "refused", attempt, refused);
            return;
        }
        String error;
        try {
            HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(bodies.render(job)))).build();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 200 && r.statusCode() < 300) {
                record(jobId, url, "delivered", attempt, null);
                return;
            }
            error = "HTTP " + r.statusCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (attempt > schedule.size()) {
            record(jobId, url, "failed", attempt, error + "; gave up after " + attempt + " attempts");
            return;
        }
        Duration wait = schedule.get(attempt - 1);
        record(jobId, url, "retrying", attempt, error + "; next attempt in " + wait.toSeconds() + " s");
        timer.schedule(() -> attempt(jobId, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void record(String jobId, URI url, String state, int attempts, String error) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("url", url.toString());
        c.put("state", state);
        c.put("attempts", attempts);
        c.put("lastAttemptAt", Json.time(Instant.now()));
        if (error != null) c.put("error", error);
        store.setCallback(jobId, state, Json.write(c));
        if (!state.equals("delivered")) log.info("callback of job {}: {} ({})", jobId, state, error);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
