package dev.freight.compat.yesmail;

import dev.freight.Json;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.Outcome;
import dev.freight.store.ResultChunk;
import dev.freight.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Async results: counts, and the records per outcome class, each list only when asked for.
 * {@code completed} is every record that changed or matched the table (inserted, updated,
 * unchanged, deleted); {@code index} is the record's position in {@code records}.
 */
final class ResultsView {
    private static final int CHUNKS_PER_READ = 16;

    private ResultsView() {}

    static Map<String, Object> of(Store store, Job job, boolean completed, boolean failed, boolean ignored) {
        Counts k = job.counts();
        long done = k.inserted() + k.updated() + k.unchanged() + k.deleted();
        Map<String, Object> counts = new LinkedHashMap<>();
        // requested is known once the records were read through; a job stopped early reports what it read
        counts.put("requested", k.requested() != null ? k.requested() : k.processed());
        counts.put("completed", done);
        counts.put("failed", k.failed());
        counts.put("ignored", k.ignored());
        counts.put("total", done + k.failed() + k.ignored());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("lastUpdate", Json.time(lastUpdate(job)));
        m.put("counts", counts);
        List<Map<String, Object>> c = completed ? new ArrayList<>() : null;
        List<Map<String, Object>> f = failed ? new ArrayList<>() : null;
        List<Map<String, Object>> i = ignored ? new ArrayList<>() : null;
        if (completed || failed || ignored) {
            long from = 0;
            List<ResultChunk> chunks;
            while (!(chunks = store.results(job.id(), from, CHUNKS_PER_READ)).isEmpty()) {
                for (ResultChunk chunk : chunks) {
                    for (int r = 0; r < chunk.size(); r++) {
                        Outcome o = chunk.outcomes()[r];
                        List<Map<String, Object>> list = o == Outcome.FAILED ? f : o == Outcome.IGNORED ? i : c;
                        if (list == null) continue;
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("index", chunk.firstIndex() + r);
                        e.put("time", Json.time(chunk.committedAt()));
                        if (o == Outcome.FAILED) e.put("message", chunk.messages()[r]);
                        list.add(e);
                    }
                    from = chunk.firstIndex() + chunk.size();
                }
            }
        }
        if (c != null) m.put("completed", c);
        if (f != null) m.put("failed", f);
        if (i != null) m.put("ignored", i);
        return m;
    }

    private static java.time.Instant lastUpdate(Job job) {
        if (!job.events().isEmpty()) return job.events().get(job.events().size() - 1).time();
        return job.createdAt();
    }
}
