package dev.freight.compat.yesmail;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.http.DialectSupport;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.Outcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Async results: counts, and the records per outcome class, each list only when asked for.
 * {@code completed} is every record that changed or matched the table (inserted, updated,
 * unchanged, deleted); {@code index} is the record's position in {@code records}.
 */
final class ResultsView {
    private ResultsView() {}

    /** The results as {@code key} may read them: its lists hold only the records it reads. */
    static Map<String, Object> of(DialectSupport support, Job job, ApiKey key, boolean completed, boolean failed, boolean ignored) {
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
        Set<Outcome> wanted = EnumSet.noneOf(Outcome.class);
        for (Outcome o : Outcome.values()) if (listOf(o, c, f, i) != null) wanted.add(o);
        if (!wanted.isEmpty()) {
            support.results(job, key, wanted, Long.MAX_VALUE, r -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("index", r.index());
                e.put("time", Json.time(r.time()));
                if (r.outcome() == Outcome.FAILED) e.put("message", r.message());
                listOf(r.outcome(), c, f, i).add(e);
            });
        }
        if (c != null) m.put("completed", c);
        if (f != null) m.put("failed", f);
        if (i != null) m.put("ignored", i);
        return m;
    }

    /** The list a record of outcome {@code o} goes to: failed, ignored, or completed (any other); null when not asked for. */
    private static <T> List<T> listOf(Outcome o, List<T> completed, List<T> failed, List<T> ignored) {
        return o == Outcome.FAILED ? failed : o == Outcome.IGNORED ? ignored : completed;
    }

    private static java.time.Instant lastUpdate(Job job) {
        if (!job.events().isEmpty()) return job.events().get(job.events().size() - 1).time();
        return job.createdAt();
    }
}
