package dev.freight.http;

import dev.freight.Json;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.job.Outcome;
import dev.freight.job.StoredRows;
import dev.freight.store.ApiKey;
import dev.freight.store.ResultChunk;
import dev.freight.store.Store;
import dev.freight.store.Values;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v1/jobs}: list, read, cancel, row results (JSON or CSV) and the progress stream. */
final class JobRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final Store store;
    private final JobWaiter waiter;

    JobRoutes(Store store, JobWaiter waiter) {
        this.store = store;
        this.waiter = waiter;
    }

    void register(RouteTable r) {
        r.get("/v1/jobs", this::list);
        r.get("/v1/jobs/{id}", this::get);
        r.post("/v1/jobs/{id}/cancel", this::cancel);
        r.get("/v1/jobs/{id}/results", this::results);
        r.get("/v1/jobs/{id}/events", this::events);
    }

    /** The job of the path, of the key's workspace, or 404. */
    private Job find(Context ctx) {
        ApiKey key = Auth.key(ctx);
        String id = ctx.pathParam("id");
        return store.job(id).filter(j -> j.workspace().equals(key.workspace()))
                .orElseThrow(() -> ApiException.notFound("job " + id + " does not exist"));
    }

    private void list(Context ctx) {
        ApiKey key = Auth.key(ctx);
        int limit = ImportRoutes.intParam(ctx, "limit", 50, 1, 1000);
        JobState state = null;
        String s = ctx.queryParam("state");
        if (s != null) {
            state = JobState.fromWire(s);
            if (state == null) throw ApiException.badRequest("state", "state must be queued, running, completed, failed or cancelled");
        }
        Long before = null;
        String after = ctx.queryParam("after");
        if (after != null && !after.isBlank()) {
            try {
                before = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("after", "'after' is not a cursor this API returned");
            }
        }
        List<Job> jobs = store.jobs(key.workspace(), ctx.queryParam("table"), state, before, limit + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", jobs.stream().limit(limit).map(Views::job).toList());
        out.put("next", jobs.size() > limit ? Long.toString(jobs.get(limit - 1).number()) : null);
        ctx.json(out);
    }

    private void get(Context ctx) {
        ctx.json(Views.job(find(ctx)));
    }

    private void cancel(Context ctx) {
        Auth.requireWrite(ctx);
        Job job = find(ctx);
        if (job.state().isFinal()) throw ApiException.conflict("job " + job.id() + " has already ended (" + job.state().wireName() + ")");
        if (job.state() == JobState.QUEUED && store.finish(job.id(), null, JobState.CANCELLED, null, "cancelled before it started")) {
            waiter.ended(job.id());
            ctx.json(Views.job(waiter.current(job.id())));
            return;
        }
        store.requestCancel(job.id());
        // a running job stops at its next chunk boundary; answer once it has (or after a while)
        Job now = waiter.awaitFinal(job.id(), 10_000);
        ctx.json(Views.job(now));
    }

    private static Set<Outcome> outcomes(Context ctx) {
        String o = ctx.queryParam("outcome");
        if (o == null || o.isBlank()) return EnumSet.allOf(Outcome.class);
        Set<Outcome> set = EnumSet.noneOf(Outcome.class);
        for (String part : o.split(",")) {
            Outcome x = Outcome.fromWire(part);
            if (x == null) throw ApiException.badRequest("outcome", "outcome '" + part.trim() + "' is unknown: use inserted, updated, unchanged, ignored, deleted or failed");
            set.add(x);
        }
        return set;
    }

    private void results(Context ctx) throws IOException {
        Job job = find(ctx);
        Set<Outcome> wanted = outcomes(ctx);
        long after = -1;
        String a = ctx.queryParam("after");
        if (a != null && !a.isBlank()) {
            try {
                after = Long.parseLong(a);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("after", "'after' is not a cursor this API returned");
            }
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/csv")) {
            resultsCsv(ctx, job, wanted);
            return;
        }
        int limit = ImportRoutes.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<Map<String, Object>> items = new ArrayList<>();
        Long next = null;
        Iterator<ResultRow> it = rows(job.id(), after + 1);
        while (it.hasNext()) {
            ResultRow r = it.next();
            if (!wanted.contains(r.outcome)) continue;
            if (items.size() == limit) {
                next = items.isEmpty() ? null : ((Number) items.get(items.size() - 1).get("index")).longValue();
                break;
            }
            items.add(r.json());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", next == null ? null : next.toString());
        ctx.json(out);
    }

    /** One row's result, unpacked from its chunk. */
    record ResultRow(long index, Outcome outcome, java.time.Instant time, String key, String message) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", index);
            m.put("outcome", outcome.wireName());
            m.put("time", Json.time(time));
            m.put("key", key == null ? null : Json.read(key, Map.class));
            if (outcome == Outcome.FAILED) m.put("error", message);
            else if (message != null) m.put("warning", message);
            return m;
        }
    }

    /** The results from {@code from} on, in index order, read a few chunks at a time. */
    Iterator<ResultRow> rows(String jobId, long from) {
        return new Iterator<>() {
            private final List<ResultChunk> chunks = new ArrayList<>();
            private int chunk;
            private int pos;
            private long nextFrom = from;
            private boolean exhausted;

            private boolean fill() {
                while (true) {
                    if (chunk < chunks.size()) {
                        ResultChunk c = chunks.get(chunk);
                        while (pos < c.size() && c.firstIndex() + pos < from) pos++;
                        if (pos < c.size()) return true;
                        chunk++;
                        pos = 0;
                        continue;
                    }
                    if (exhausted) return false;
                    chunks.clear();
                    chunk = 0;
                    pos = 0;
                    chunks.addAll(store.results(jobId, nextFrom, 8));
                    if (chunks.isEmpty()) {
                        exhausted = true;
                        return false;
                    }
                    ResultChunk last = chunks.get(chunks.size() - 1);
                    nextFrom = last.firstIndex() + last.size();
                }
            }

            @Override
            public boolean hasNext() {
                return fill();
            }

            @Override
            public ResultRow next() {
                fill();
                ResultChunk c = chunks.get(chunk);
                int i = pos++;
                return new ResultRow(c.firstIndex() + i, c.outcomes()[i], c.committedAt(), c.keys()[i], c.messages()[i]);
            }
        };
    }

    /** The original rows with {@code _index,_outcome,_error}, re-read from the stored body. */
    private void resultsCsv(Context ctx, Job job, Set<Outcome> wanted) throws IOException {
        ctx.contentType("text/csv; charset=utf-8");
        OutputStream raw = ctx.res().getOutputStream();
        Writer w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 64 * 1024);
        Iterator<ResultRow> results = rows(job.id(), 0);
        try (RowReader reader = StoredRows.open(store, job.id(), job.spec())) {
            List<String> header = null;
            SourceRow row;
            while (results.hasNext() && (row = reader.next()) != null) {
                if (header == null) {
                    header = row.names();
                    List<String> h = new ArrayList<>(header);
                    h.addAll(List.of("_index", "_outcome", "_error"));
                    writeCsvLine(w, h);
                }
                ResultRow r = results.next();
                while (r.index < row.index() && results.hasNext()) r = results.next();
                if (r.index != row.index() || !wanted.contains(r.outcome)) continue;
                List<String> fields = new ArrayList<>(header.size() + 3);
                for (int i = 0; i < header.size(); i++) {
                    int at = row.names() == header ? i : row.names().indexOf(header.get(i));
                    fields.add(at < 0 || at >= row.values().length ? "" : Values.text(row.values()[at]));
                }
                fields.add(Long.toString(r.index));
                fields.add(r.outcome.wireName());
                fields.add(r.outcome == Outcome.FAILED && r.message != null ? r.message : "");
                writeCsvLine(w, fields);
            }
        }
        w.flush();
    }

    static void writeCsvLine(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) w.write(',');
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                w.write('"');
                w.write(f.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(f);
            }
        }
        w.write("\r\n");
    }

    /** Server-Sent Events: {@code progress} with the counts while they change, {@code state} on each state change; ends when final. */
    private void events(Context ctx) throws IOException {
        Job job = find(ctx);
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        String lastState = null;
        String lastCounts = null;
        long deadline = System.currentTimeMillis() + 6 * 3600_000L;
        while (System.currentTimeMillis() < deadline) {
            String id = job.id();
            String state = job.state().wireName();
            if (!state.equals(lastState)) {
                send(out, "state", Json.write(Views.job(job)));
                lastState = state;
            }
            String counts = Json.write(Views.counts(job.counts()));
            if (!counts.equals(lastCounts)) {
                send(out, "progress", counts);
                lastCounts = counts;
            }
            if (job.state().isFinal()) break;
            waiter.awaitChange(id, waiter.version(id), 500);
            job = waiter.current(id);
        }
        out.flush();
    }

    private static void send(OutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
