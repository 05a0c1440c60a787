package dev.freight.compat.dengage;

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

/** GetStatus (and the synchronous answer): a job in D·engage's shape, with its failed rows. */
final class StatusView {
    /** A status lists this many failed rows at most; {@code failedRowCount} still counts them all. */
    static final int MAX_ERRORS = 1000;
    private static final int CHUNKS_PER_READ = 16;

    /** What {@code rowNumber} means: the file's line (async; header = line 1), or the position in {@code rows} (sync). */
    enum RowNumber { FILE_LINE, POSITION }

    private StatusView() {}

    static Map<String, Object> of(Store store, Job job, RowNumber numbering) {
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
        m.put("errors", errors(store, job.id(), numbering));
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

    private static List<Map<String, Object>> errors(Store store, String jobId, RowNumber numbering) {
        List<Map<String, Object>> out = new ArrayList<>();
        long from = 0;
        while (out.size() < MAX_ERRORS) {
            List<ResultChunk> chunks = store.results(jobId, from, CHUNKS_PER_READ);
            if (chunks.isEmpty()) break;
            for (ResultChunk c : chunks) {
                for (int i = 0; i < c.size() && out.size() < MAX_ERRORS; i++) {
                    if (c.outcomes()[i] != Outcome.FAILED) continue;
                    long index = c.firstIndex() + i;
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("rowNumber", numbering == RowNumber.POSITION ? index + 1 : fileLine(c, i, index));
                    e.put("message", c.messages()[i]);
                    out.add(e);
                }
                from = c.firstIndex() + c.size();
            }
        }
        return out;
    }

    /** The recorded line; for results stored before lines were, the line of a file without quoted line breaks. */
    private static long fileLine(ResultChunk c, int i, long index) {
        long line = c.line(i);
        return line > 0 ? line : index + 2;
    }
}
