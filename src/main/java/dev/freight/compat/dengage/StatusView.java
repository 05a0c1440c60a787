package dev.freight.compat.dengage;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.http.DialectSupport;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.Outcome;
import dev.freight.job.RowResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GetStatus (and the synchronous answer): a job in D·engage's shape, with its failed rows. */
final class StatusView {
    /** A status lists this many failed rows at most; {@code failedRowCount} still counts them all. */
    static final int MAX_ERRORS = 1000;

    /** What {@code rowNumber} means: the file's line (async; header = line 1), or the position in {@code rows} (sync). */
    enum RowNumber { FILE_LINE, POSITION }

    private StatusView() {}

    /** The status as {@code key} may read it: its failed rows only where it reads them. */
    static Map<String, Object> of(DialectSupport support, Job job, RowNumber numbering, ApiKey key) {
        Counts k = job.counts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", job.id());
        m.put("tableName", job.table());
        m.put("jobName", job.name());
        m.put("status", status(job));
        // the total is known once the file has been read through; until then, the rows counted so far
        m.put("totalRowCount", k.requested() != null ? k.requested() : k.processed());
        m.put("processedRowCount", k.processed());
        m.put("insertedRowCount", k.inserted());
        m.put("updatedRowCount", k.updated() + k.unchanged()); // a row upserted with its stored values was still updated
        m.put("failedRowCount", k.failed());
        m.put("errors", errors(support, job, numbering, key));
        if (job.error() != null) m.put("message", job.error());
        m.put("createdDate", Json.time(job.createdAt()));
        m.put("completedDate", Json.time(job.finishedAt()));
        return m;
    }

    static String status(Job job) {
        return switch (job.state()) {
            case QUEUED -> "Waiting";
            case RUNNING -> "InProgress";
            case COMPLETED -> "Completed";
            case FAILED, CANCELLED -> "Failed";
        };
    }

    private static List<Map<String, Object>> errors(DialectSupport support, Job job, RowNumber numbering, ApiKey key) {
        List<Map<String, Object>> out = new ArrayList<>();
        support.results(job, key, EnumSet.of(Outcome.FAILED), MAX_ERRORS, r -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("rowNumber", numbering == RowNumber.POSITION ? r.index() + 1 : fileLine(r));
            e.put("message", r.message());
            out.add(e);
        });
        return out;
    }

    /** The recorded line; for results stored before lines were, the line of a file without quoted line breaks. */
    private static long fileLine(RowResult r) {
        return r.line() > 0 ? r.line() : r.index() + 2;
    }
}
