package dev.freight.compat.dengage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.compat.dengage.AsyncRequest.ColumnMapping;
import dev.freight.ingest.Format;
import dev.freight.job.ErrorThreshold;
import dev.freight.job.ImportRejected;
import dev.freight.imports.ImportService;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.worker.JobSignals;
import dev.freight.schema.Table;
import dev.freight.auth.ApiKey;
import dev.freight.store.Store;
import dev.freight.store.Visibility;
import dev.freight.http.ApiException;
import dev.freight.http.Auth;
import dev.freight.http.Dialect;
import dev.freight.http.Failures;
import dev.freight.http.LimitedInputStream;
import dev.freight.http.RouteTable;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * D·engage Data Space UpsertData under {@code /rest} (COMPAT.md §1): the async call, its
 * GetStatus, and the synchronous call. Translates to {@link ImportService}; never touches SQL.
 */
public final class DengageRoutes implements Dialect {
    /** How long the synchronous call waits for its rows (behind earlier jobs on the table) before answering 202. */
    private static final Duration SYNC_WAIT = Duration.ofMinutes(5);

    private final Store store;
    private final ImportService imports;
    private final JobSignals signals;
    private final Pacer pacer;
    private final long maxBody;
    private Auth auth;

    public DengageRoutes(Store store, ImportService imports, JobSignals signals, Duration pacing, long maxBody) {
        this.store = store;
        this.imports = imports;
        this.signals = signals;
        this.pacer = new Pacer(store, pacing, store.clock());
        this.maxBody = maxBody;
    }

    @Override
    public void register(RouteTable routes, Auth auth) {
        this.auth = auth;
        routes.post("/rest/dataspace/async/upsert", guarded(this::asyncUpsert));
        routes.get("/rest/dataspace/async/upsert/{uuid}", guarded(this::status));
        routes.post("/rest/dataspace/sync/upsert", guarded(this::syncUpsert));
    }

    @Override
    public String prefix() {
        return "/rest/";
    }

    @Override
    public void answer(Context ctx, ApiException e) {
        answer(ctx, e.status(), e.getMessage(), e.headers());
    }

    private void asyncUpsert(Context ctx) throws IOException {
        ApiKey key = writer(ctx);
        AsyncRequest req;
        try (InputStream in = body(ctx)) {
            req = AsyncRequest.read(in, imports);
        }
        Table table;
        ImportSpec spec;
        Pacer.Slot slot;
        try {
            table = req.table.resolve(store, key.workspace());
            spec = spec(table, req.columnMapping, req.overwriteWithEmpty, Format.CSV);
            Pacer.Taken taken = pacer.take(table.workspace(), table.name());
            slot = taken.slot();
            if (slot == null) {
                long seconds = Math.max(1, (taken.retryAfter().toMillis() + 999) / 1000);
                throw new DengageError(429, "UpsertData-Async may be called once a minute per table: retry table "
                        + table.name() + " in " + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
            }
        } catch (RuntimeException e) {
            req.discard(imports);
            throw e;
        }
        Job job;
        try {
            job = imports.submit(key.workspace(), table, spec, req.jobName, null, req.file);
        } catch (RuntimeException e) {
            pacer.giveBack(slot); // a rejected call does not use up the table's minute
            throw e;
        }
        ctx.status(202).json(Map.of("uuid", job.id()));
    }

    private void status(Context ctx) {
        ApiKey key = key(ctx);
        String id = ctx.pathParam("uuid");
        Job job = store.job(id).filter(j -> j.workspace().equals(key.workspace()))
                .orElseThrow(() -> new DengageError(404, "upsert job " + id + " does not exist"));
        ctx.json(StatusView.of(store, job, StatusView.RowNumber.FILE_LINE, Visibility.of(key)));
    }

    private void syncUpsert(Context ctx) throws IOException {
        ApiKey key = writer(ctx);
        SyncRequest req;
        try (InputStream in = body(ctx)) {
            req = SyncRequest.read(in);
        }
        Table table = req.table.resolve(store, key.workspace());
        ImportSpec spec = spec(table, null, req.overwriteWithEmpty, Format.JSON);
        // jobs on one table run one at a time, in order: that serialises concurrent calls on a table
        Job job = imports.submit(key.workspace(), table, spec, req.jobName, null, imports.spool(req::writeRows));
        Job done = awaitFinal(job.id());
        ctx.status(done.state().isFinal() ? 200 : 202)
                .json(StatusView.of(store, done, StatusView.RowNumber.POSITION, Visibility.of(key)));
    }

    /**
     * Keyed table: upsert, every column fed (header, mapping or constant). Keyless: append.
     * With a columnMapping, file columns it does not name are not imported.
     */
    static ImportSpec spec(Table table, List<ColumnMapping> columnMapping, boolean overwriteWithEmpty, Format format) {
        Map<String, String> mapping = new LinkedHashMap<>();
        Map<String, String> constants = new LinkedHashMap<>();
        if (columnMapping != null) {
            for (ColumnMapping m : columnMapping) {
                if (m.fileColumnHeader() == null) constants.put(m.tableColumn(), m.constantValue() == null ? "" : m.constantValue());
                else mapping.put(m.tableColumn(), m.fileColumnHeader());
            }
        }
        return ImportSpec.builder(format).mapping(mapping).constants(constants).emptyOverwrites(overwriteWithEmpty)
                .ignoreUnknown(columnMapping != null).requireAllColumns(table.hasKey()).build();
    }

    private Job awaitFinal(String id) {
        long deadline = System.currentTimeMillis() + SYNC_WAIT.toMillis();
        while (true) {
            long seen = signals.version(id);
            Job j = store.job(id).orElseThrow();
            long left = deadline - System.currentTimeMillis();
            if (j.state().isFinal() || left <= 0) return j;
            try {
                signals.awaitJob(id, seen, Math.min(left, 500)); // polls too: the job may run on another node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return j;
            }
        }
    }

    /** The request body under the size limit: 413 from Content-Length first, else as soon as it passes. */
    private InputStream body(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > maxBody) throw tooLarge();
        return new LimitedInputStream(ctx.bodyInputStream(), maxBody);
    }

    private DengageError tooLarge() {
        return new DengageError(413, "the request is larger than the limit of " + maxBody + " bytes");
    }

    private ApiKey key(Context ctx) {
        String h = ctx.header("Authorization");
        String secret = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        ApiKey key = auth.find(secret);
        if (key == null) throw new DengageError(401, DengageError.NOT_AUTHENTICATED);
        return key;
    }

    private ApiKey writer(Context ctx) {
        ApiKey key = key(ctx);
        if (!key.role().canWrite()) throw new DengageError(403, "this API key is read-only");
        return key;
    }

    /** Every error leaves in D·engage's {@code {"message": …}} body, never as problem+json. */
    private static Handler guarded(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (DengageError e) {
                answer(ctx, e.status, e.getMessage(), e.headers);
            } catch (ApiException e) { // the body's limit and framing, from LimitedInputStream
                answer(ctx, e.status(), e.getMessage(), e.headers());
            } catch (ImportRejected e) {
                answer(ctx, e.status() >= 500 ? e.status() : 400, e.getMessage(), Map.of());
            } catch (Exception e) {
                ApiException a = Failures.answer(ctx, e);
                answer(ctx, a.status(), a.getMessage(), Map.of());
            }
        };
    }

    private static void answer(Context ctx, int status, String message, Map<String, String> headers) {
        headers.forEach(ctx::header);
        ctx.status(status).json(Map.of("message", message));
    }
}
