package dev.freight.compat.yesmail;

import dev.freight.Json;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.imports.JobResults;
import dev.freight.job.Outcome;
import dev.freight.store.Store;
import dev.freight.store.Visibility;
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
    private ResultsView() {}

    /** The results as the key of {@code visibility} may read them: its lists hold only the records it reads. */
    static Map<String, Object> of(Store store, Job job, Visibility visibility, boolean completed, boolean failed, boolean ignored) {
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
            try (JobResults rows = JobResults.open(store, job, visibility, 0, false)) {
                while (rows.hasNext()) {
                    JobResults.Row r = rows.next();
                    Outcome o = r.outcome();
                    List<Map<String, Object>> list = o == Outcome.FAILED ? f : o == Outcome.IGNORED ? i : c;
                    if (list == null) continue;
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("index", r.index());
                    e.put("time", Json.time(r.time()));
                    if (o == Outcome.FAILED) e.put("message", r.message());
                    list.add(e);
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
