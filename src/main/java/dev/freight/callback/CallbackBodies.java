package dev.freight.callback;

import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.job.JobJson;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a callback POSTs: the native job JSON unless the job's spec names another renderer
 * ({@link ImportSpec#callbackFormat()}), which an adapter registers at start (Yesmail posts its
 * ticket). A job naming a renderer this node does not know falls back to the native JSON.
 */
public final class CallbackBodies {
    private final Map<String, Function<Job, Object>> renderers = new ConcurrentHashMap<>();

    /** {@code renderer} turns a final job into the object serialized as the body. */
    public void register(String format, Function<Job, Object> renderer) {
        renderers.put(format, renderer);
    }

    Object render(Job job) {
        String format = job.spec().callbackFormat();
        Function<Job, Object> r = format == null ? null : renderers.get(format);
        return r == null ? JobJson.of(job) : r.apply(job);
    }
}
