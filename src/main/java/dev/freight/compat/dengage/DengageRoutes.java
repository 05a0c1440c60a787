package dev.freight.compat.dengage;

import dev.freight.auth.ApiKey;
import dev.freight.compat.dengage.AsyncRequest.ColumnMapping;
import dev.freight.http.ApiException;
import dev.freight.http.Dialect;
import dev.freight.http.DialectSupport;
import dev.freight.http.RouteTable;
import dev.freight.imports.Imports;
import dev.freight.imports.Pacing;
import dev.freight.imports.Submissions;
import dev.freight.ingest.Format;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.schema.Table;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * D·engage Data Space UpsertData under {@code /rest} (COMPAT.md §1): the async call, its
 * GetStatus, and the synchronous call. Translates to the {@link Imports} door; never touches SQL.
 */
public final class DengageRoutes implements Dialect {
    /** How long the synchronous call waits for its rows (behind earlier jobs on the table) before answering 202. */
    private static final Duration SYNC_WAIT = Duration.ofMinutes(5);

    private final DialectSupport support;
    private final Imports imports;
    private final Submissions submissions;
    private final Pacing pacing;
    private final long maxBody;

    public DengageRoutes(Imports imports, DengageSettings settings) {
        this.support = new DialectSupport(imports, DengageRoutes::answer);
        this.imports = imports;
        this.submissions = imports.submissions();
        this.pacing = imports.pacing(settings.pacing());
        this.maxBody = settings.maxBody();
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/rest/dataspace/async/upsert", support.guarded(this::asyncUpsert));
        routes.get("/rest/dataspace/async/upsert/{uuid}", support.guarded(this::status));
        routes.post("/rest/dataspace/sync/upsert", support.guarded(this::syncUpsert));
    }

    @Override
    public String prefix() {
        return "/rest/";
    }

    @Override
    public void answer(Context ctx, ApiException e) {
        support.answer(ctx, e);
    }

    private void asyncUpsert(Context ctx) throws IOException {
        ApiKey key = writer(ctx);
        AsyncRequest req;
        try (InputStream in = body(ctx)) {
            req = AsyncRequest.read(in, submissions);
        }
        Table table;
        ImportSpec spec;
        Pacing.Slot slot;
        try {
            table = req.table.resolve(imports.tables(), key.workspace());
            spec = spec(table, req.columnMapping, req.overwriteWithEmpty, Format.CSV);
            Pacing.Taken taken = pacing.take(table.workspace(), table.name());
            slot = taken.slot();
            if (slot == null) {
                long seconds = Math.max(1, (taken.retryAfter().toMillis() + 999) / 1000);
                throw new DengageError(429, "UpsertData-Async may be called once a minute per table: retry table "
                        + table.name() + " in " + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
            }
        } catch (RuntimeException e) {
            req.discard(submissions);
            throw e;
        }
        Job job;
        try {
            job = submissions.submit(key.workspace(), table, spec, req.jobName, null, req.file);
        } catch (RuntimeException e) {
            pacing.giveBack(slot); // a rejected call does not use up the table's minute
            throw e;
        }
        ctx.status(202).json(Map.of("uuid", job.id()));
    }

    private void status(Context ctx) {
        ApiKey key = key(ctx);
        Job job = support.job(key, ctx.pathParam("uuid"), "upsert job");
        ctx.json(StatusView.of(support, job, StatusView.RowNumber.FILE_LINE, key));
    }

    private void syncUpsert(Context ctx) throws IOException {
        ApiKey key = writer(ctx);
        SyncRequest req;
        try (InputStream in = body(ctx)) {
            req = SyncRequest.read(in);
        }
        Table table = req.table.resolve(imports.tables(), key.workspace());
        ImportSpec spec = spec(table, null, req.overwriteWithEmpty, Format.JSON);
        // jobs on one table run one at a time, in order: that serialises concurrent calls on a table
        Job job = submissions.submit(key.workspace(), table, spec, req.jobName, null, submissions.spool(req::writeRows));
        Job done = imports.jobs().awaitFinal(job.id(), SYNC_WAIT.toMillis());
        ctx.status(done.state().isFinal() ? 200 : 202)
                .json(StatusView.of(support, done, StatusView.RowNumber.POSITION, key));
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

    /** The request body under the size limit: 413 from Content-Length first, else as soon as it passes. */
    private InputStream body(Context ctx) throws IOException {
        return support.body(ctx, maxBody, "the request is larger than the limit of " + maxBody + " bytes");
    }

    private ApiKey key(Context ctx) {
        String h = ctx.header("Authorization");
        String secret = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        return support.authenticate(secret, k -> true, DengageError.NOT_AUTHENTICATED);
    }

    private ApiKey writer(Context ctx) {
        return support.requireWrite(key(ctx), "this API key is read-only");
    }

    /** Every error leaves in D·engage's {@code {"message": …}} body, never as problem+json. */
    private static void answer(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("message", message));
    }
}
