package dev.freight.http;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.imports.Imports;
import dev.freight.imports.Jobs;
import dev.freight.imports.Results;
import dev.freight.imports.RowResults;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.job.Outcome;
import dev.freight.job.RowResult;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v1/jobs}: list, read, cancel, row results (JSON or CSV) and the progress stream. */
final class JobRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final Imports imports;
    private final Jobs jobs;

    JobRoutes(Imports imports) {
        this.imports = imports;
        this.jobs = imports.jobs();
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
        return jobs.get(Auth.key(ctx).workspace(), ctx.pathParam("id"), "job");
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
        List<Job> found = jobs.list(key.workspace(), ctx.queryParam("table"), state, before, limit + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", found.stream().limit(limit).map(Views::job).toList());
        out.put("next", found.size() > limit ? Long.toString(found.get(limit - 1).number()) : null);
        ctx.json(out);
    }

    private void get(Context ctx) {
        ctx.json(Views.job(find(ctx)));
    }

    private void cancel(Context ctx) {
        Auth.requireWrite(ctx);
        ctx.json(Views.job(jobs.cancel(find(ctx))));
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
        ApiKey key = Auth.key(ctx);
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
            resultsCsv(ctx, job, key, wanted);
            return;
        }
        int limit = ImportRoutes.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Results.Page page = imports.results().page(job, key, wanted, after, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(JobRoutes::json).toList());
        out.put("next", page.next() == null ? null : page.next().toString());
        ctx.json(out);
    }

    /** One row's result as API.md shows it. */
    private static Map<String, Object> json(RowResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", r.index());
        if (r.line() > 0) m.put("line", r.line());
        m.put("outcome", r.outcome().wireName());
        m.put("time", Json.time(r.time()));
        m.put("key", r.key() == null ? null : Json.read(r.key(), Map.class));
        if (r.outcome() == Outcome.FAILED) m.put("error", r.message());
        else if (r.message() != null) m.put("warning", r.message());
        return m;
    }

    /**
     * The original rows with {@code _line,_index,_outcome,_error}, re-read from the stored body: the
     * header is the first row's fields (JSON rows are matched to it by name).
     */
    private void resultsCsv(Context ctx, Job job, ApiKey key, Set<Outcome> wanted) throws IOException {
        CsvLines csv = CsvLines.of(ctx);
        ctx.contentType("text/csv; charset=utf-8");
        OutputStream raw = ctx.res().getOutputStream();
        Writer w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 64 * 1024);
        boolean headed = false;
        try (RowResults rows = imports.results().open(job, key, 0, true)) {
            while (rows.hasNext()) {
                RowResult r = rows.next();
                if (!headed) {
                    List<String> h = new ArrayList<>(rows.fieldNames());
                    h.addAll(List.of("_line", "_index", "_outcome", "_error"));
                    csv.write(w, h);
                    headed = true;
                }
                if (!wanted.contains(r.outcome())) continue;
                List<String> fields = new ArrayList<>(r.fields().size() + 4);
                fields.addAll(r.fields());
                fields.add(r.line() > 0 ? Long.toString(r.line()) : ""); // empty: recorded before lines were kept
                fields.add(Long.toString(r.index()));
                fields.add(r.outcome().wireName());
                fields.add(r.outcome() == Outcome.FAILED && r.message() != null ? r.message() : "");
                csv.write(w, fields);
            }
        }
        w.flush();
    }

    /** Server-Sent Events: {@code state} (the job) on each state change, {@code progress} (the counts) while they change; ends when final. */
    private void events(Context ctx) throws IOException {
        JobEventStream.follow(ctx, jobs, find(ctx), job -> {
            JobEventStream.Event state = new JobEventStream.Event("state", Json.write(Views.job(job)), job.state().wireName());
            JobEventStream.Event progress = new JobEventStream.Event("progress", Json.write(Views.counts(job.counts())));
            // a final state comes last: its progress (the final counts) first, so a client may stop at the final state
            return job.state().isFinal() ? List.of(progress, state) : List.of(state, progress);
        });
    }
}
