package dev.freight.compat.hexabase;

import dev.freight.auth.ApiKey;
import dev.freight.imports.Imports;
import dev.freight.imports.RowResults;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.job.Outcome;
import dev.freight.job.RowResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An import in Hexabase's shapes: the synchronous answer, the results of a queued one, the
 * progress events of its stream. {@code errors} lists failed items ({@code ERROR}) and values
 * stored as NULL by a lenient import ({@code WARNING}), each with its line in the file, as the
 * key may read them (rows published to groups it does not read are left out).
 */
final class ResultsView {
    /** A view lists this many entries of {@code errors} at most; the counts still count every item. */
    static final int MAX_ERRORS = 1000;
    static final String TOO_MANY = "the number of imports exceeds the limit. please set the no_queue flag to false.";

    private ResultsView() {}

    /** {@code no_queue=true}, applied: {@code {"errors", "has_error", "result": {"imported", "item_count"}}}. */
    static Map<String, Object> sync(Imports imports, Job job, ApiKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errors", errors(imports, job, key));
        m.put("has_error", hasError(job));
        m.put("result", result(imported(job.counts()), itemCount(job.counts())));
        return m;
    }

    /** {@code no_queue=true} with more items than allowed: nothing imported. */
    static Map<String, Object> tooMany(long items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errors", List.of(error(TOO_MANY, "too many items")));
        m.put("has_error", true);
        m.put("result", result(0, items));
        return m;
    }

    /** GET results: {@code {"status", "item_count", "imported", "errors"}}. */
    static Map<String, Object> results(Imports imports, Job job, ApiKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status(job));
        m.put("item_count", itemCount(job.counts()));
        m.put("imported", imported(job.counts()));
        m.put("errors", errors(imports, job, key));
        return m;
    }

    /** One progress event of the stream: the counts without the rows (no group's row is quoted). */
    static Map<String, Object> progress(Job job) {
        Counts k = job.counts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status(job));
        m.put("item_count", itemCount(k));
        m.put("imported", imported(k));
        m.put("failed", k.failed());
        m.put("has_error", hasError(job));
        return m;
    }

    static String status(Job job) {
        return switch (job.state()) {
            case QUEUED -> "queued";
            case RUNNING -> "running";
            case COMPLETED -> "completed";
            case FAILED, CANCELLED -> "failed";
        };
    }

    /** Items applied: inserted, updated (or found as they were) and deleted. */
    private static long imported(Counts k) {
        return k.inserted() + k.updated() + k.unchanged() + k.deleted();
    }

    /** Known once the file has been read through; until then, the items read so far. */
    private static long itemCount(Counts k) {
        return k.requested() != null ? k.requested() : k.processed();
    }

    private static boolean hasError(Job job) {
        return job.counts().failed() > 0 || job.state() == JobState.FAILED || job.state() == JobState.CANCELLED;
    }

    private static Map<String, Object> result(long imported, long items) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("imported", imported);
        r.put("item_count", items);
        return r;
    }

    /** An error of the whole request or import, without a row. */
    static Map<String, Object> error(String description, String word) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("description", description);
        e.put("error", word);
        e.put("error_level", "ERROR");
        return e;
    }

    private static List<Map<String, Object>> errors(Imports imports, Job job, ApiKey key) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (job.state() == JobState.FAILED && job.error() != null) out.add(error(job.error(), "import failed"));
        if (job.state() == JobState.CANCELLED) out.add(error("the import was cancelled", "import cancelled"));
        try (RowResults rows = imports.results().open(job, key, 0, false)) {
            while (out.size() < MAX_ERRORS && rows.hasNext()) {
                RowResult r = rows.next();
                if (r.message() == null) continue;
                boolean failed = r.outcome() == Outcome.FAILED;
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("row", r.line() > 0 ? r.line() : r.index() + 2); // results stored before lines were: a file without quoted line breaks
                e.put("error", failed ? "item not imported" : "value not imported");
                e.put("description", r.message());
                e.put("error_level", failed ? "ERROR" : "WARNING");
                out.add(e);
            }
        }
        return out;
    }
}
