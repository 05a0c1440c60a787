package dev.freight.compat.brevo;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.imports.Imports;
import dev.freight.imports.RowResults;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.Outcome;
import dev.freight.job.RowResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as a Brevo process: {@code status} from the job's state, and {@code info} with its counts
 * and the records that failed ({@code errors}) or applied with a warning ({@code warnings}), each
 * by its index in {@code records}, as the key may read them.
 */
final class ProcessView {
    /** The name of a process made by the batch upsert (the job's name). */
    static final String UPSERT = "OBJECT_RECORDS_UPSERT";
    /** The most errors and warnings listed (a native job shown as a process may have millions of rows). */
    static final int MAX_LISTED = 1000;

    private ProcessView() {}

    static Map<String, Object> of(Imports imports, Job job, ApiKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.number());
        m.put("name", job.name() != null ? job.name() : "IMPORT");
        m.put("status", status(job));
        m.put("created_at", Json.time(job.createdAt()));
        if (job.state().isFinal() && job.finishedAt() != null) m.put("completed_at", Json.time(job.finishedAt()));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("counts", counts(job.counts()));
        List<Map<String, Object>> errors = new ArrayList<>();
        List<Map<String, Object>> warnings = new ArrayList<>();
        try (RowResults rows = imports.results().open(job, key, 0, false)) {
            while (rows.hasNext() && (errors.size() < MAX_LISTED || warnings.size() < MAX_LISTED)) {
                RowResult r = rows.next();
                if (r.message() == null) continue;
                List<Map<String, Object>> list = r.outcome() == Outcome.FAILED ? errors : warnings;
                if (list.size() < MAX_LISTED) list.add(entry(r));
            }
        }
        if (job.error() != null && job.state().isFinal()) info.put("message", job.error());
        info.put("errors", errors);
        info.put("warnings", warnings);
        m.put("info", info);
        return m;
    }

    /** queued → queued, running → in_process, and the final states as they are. */
    static String status(Job job) {
        return switch (job.state()) {
            case QUEUED -> "queued";
            case RUNNING -> "in_process";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }

    private static Map<String, Object> counts(Counts k) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("requested", k.requested());
        c.put("processed", k.processed());
        c.put("created", k.inserted());
        c.put("updated", k.updated());
        c.put("unchanged", k.unchanged());
        c.put("ignored", k.ignored());
        c.put("deleted", k.deleted());
        c.put("failed", k.failed());
        return c;
    }

    private static Map<String, Object> entry(RowResult r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", r.index());
        e.put("message", r.message());
        return e;
    }
}
