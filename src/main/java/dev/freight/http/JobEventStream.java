package dev.freight.http;

import dev.freight.imports.Jobs;
import dev.freight.job.Job;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A job followed as Server-Sent Events until it is final, for /v1 and every dialect: the job is
 * read again each time this node's runner signals a change of state, at most every
 * {@value #PROGRESS_MILLIS} ms while it only progresses (a large job commits hundreds of chunks a
 * second), and every half second for jobs other nodes run; rendered into events by the caller,
 * and each event is sent when it changed.
 */
public final class JobEventStream {
    /** How long one stream may stay open at most. */
    private static final long MAX_MILLIS = 6 * 3600_000L;
    private static final long POLL_MILLIS = 500;
    /** Progress alone is read again at most this often: a progress bar's pace, not a chunk's. */
    private static final long PROGRESS_MILLIS = 200;

    /**
     * One event: sent under {@code name} with {@code data} whenever {@code change} differs from the
     * last one sent under that name (so the data may carry more than what decides a new event).
     */
    public record Event(String name, String data, String change) {
        public Event(String name, String data) {
            this(name, data, data);
        }
    }

    private JobEventStream() {}

    /** Streams {@code job}'s events as {@code render} makes them, ending once the job is final. */
    public static void follow(Context ctx, Jobs jobs, Job job, Function<Job, List<Event>> render) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        Map<String, String> last = new HashMap<>();
        long deadline = System.currentTimeMillis() + MAX_MILLIS;
        String id = job.id();
        while (System.currentTimeMillis() < deadline) {
            long seen = jobs.version(id); // before the read: a change after it wakes the wait below
            long readAt = System.currentTimeMillis();
            for (Event e : render.apply(job)) {
                if (e.change().equals(last.get(e.name()))) continue;
                send(out, e.name(), e.data());
                last.put(e.name(), e.change());
            }
            if (job.state().isFinal()) break;
            jobs.awaitChange(id, seen, POLL_MILLIS, Math.max(0, readAt + PROGRESS_MILLIS - System.currentTimeMillis()));
            job = jobs.current(id);
        }
        out.flush();
    }

    private static void send(OutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
