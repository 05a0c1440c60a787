package dev.freight.compat.hexabase;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.http.ApiException;
import dev.freight.http.Dialect;
import dev.freight.http.DialectSupport;
import dev.freight.http.JobEventStream;
import dev.freight.http.MultipartForm;
import dev.freight.http.RouteTable;
import dev.freight.imports.Imports;
import dev.freight.imports.Submissions;
import dev.freight.job.ImportRejected;
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
 * Hexabase ImportItems under {@code /api/v0} (COMPAT.md §5): the import (queued, or applied at
 * once with {@code no_queue}), its results and its progress stream. Translates to the
 * {@link Imports} door; never touches SQL.
 */
public final class HexabaseRoutes implements Dialect {
    /** How long a {@code no_queue} import waits for its items (behind earlier jobs on the table) before answering as queued. */
    private static final Duration SYNC_WAIT = Duration.ofMinutes(5);

    private final DialectSupport support;
    private final Imports imports;
    private final Submissions submissions;
    private final HexabaseSettings settings;

    public HexabaseRoutes(Imports imports, HexabaseSettings settings) {
        this.support = new DialectSupport(imports, HexabaseRoutes::answer);
        this.imports = imports;
        this.submissions = imports.submissions();
        this.settings = settings;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/v0/applications/{app}/datastores/{datastore}/import", support.guarded(this::importItems));
        routes.get("/api/v0/imports/streams/{stream}", support.guarded(this::stream));
        routes.get("/api/v0/imports/{temp}/results", support.guarded(this::results));
    }

    @Override
    public String prefix() {
        return "/api/v0/";
    }

    @Override
    public void answer(Context ctx, ApiException e) {
        support.answer(ctx, e);
    }

    private void importItems(Context ctx) throws IOException {
        ApiKey key = support.requireWrite(key(ctx), "this API key is read-only");
        Table table = datastore(key, ctx.pathParam("app"), ctx.pathParam("datastore"));
        MultipartForm form = support.form(ctx, settings.maxBody(), "the request is larger than the limit of "
                + settings.maxBody() + " bytes", "ImportItems takes multipart/form-data with the CSV in the field file");
        ImportRequest req = ImportRequest.of(form);
        ImportRequest.Shape shape = req.shape(req.noQueue);
        ImportSpec spec = ItemSpec.of(table, req, shape.header());
        if (req.noQueue && shape.items() > settings.syncMaxRows()) {
            ctx.status(400).json(ResultsView.tooMany(shape.items()));
            return;
        }
        Job job;
        try (InputStream in = req.file.open()) {
            job = submissions.submit(key.workspace(), table, spec, req.filename, null, in);
        } catch (ImportRejected e) {
            // the key's uniqueness is the vendor's own 422; every other option the table cannot take is a bad request
            if (e.status() == 422 && e.errors().containsKey("key")) throw new HexabaseError(422, e.getMessage());
            throw e;
        }
        if (req.noQueue) {
            Job done = imports.jobs().awaitFinal(job.id(), SYNC_WAIT.toMillis());
            if (done.state().isFinal()) {
                ctx.status(200).json(ResultsView.sync(imports, done, key));
                return;
            }
        }
        Map<String, Object> queued = new LinkedHashMap<>();
        queued.put("temp_datastore_id", TempIds.of(job));
        queued.put("stream_id", job.id());
        ctx.status(200).json(queued);
    }

    private void results(Context ctx) {
        ApiKey key = key(ctx);
        String temp = ctx.pathParam("temp");
        Job job = TempIds.find(imports.jobs(), key.workspace(), temp)
                .orElseThrow(() -> HexabaseError.notFound("import " + temp + " does not exist"));
        ctx.json(ResultsView.results(imports, job, key));
    }

    /** Server-Sent Events {@code progress} while the counts or the status change; the last one is final. */
    private void stream(Context ctx) throws IOException {
        ApiKey key = key(ctx);
        Job job = support.job(key, ctx.pathParam("stream"), "import stream");
        support.follow(ctx, job, j -> List.of(new JobEventStream.Event("progress", Json.write(ResultsView.progress(j)))));
    }

    /** {@code app-id} is the key's workspace (another is not found); {@code datastore-id} a table's name or id. */
    private Table datastore(ApiKey key, String app, String datastore) {
        if (!app.equals(key.workspace())) throw HexabaseError.notFound("application " + app + " does not exist");
        return imports.tables().find(key.workspace(), datastore)
                .or(() -> imports.tables().byId(key.workspace(), datastore))
                .orElseThrow(() -> HexabaseError.notFound("datastore " + datastore + " does not exist in application " + app));
    }

    private ApiKey key(Context ctx) {
        String h = ctx.header("Authorization");
        String secret = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        return support.authenticate(secret, k -> true, "the API key is missing or unknown: send Authorization: Bearer <key>");
    }

    /** Every error leaves as {@code {"errors": [{description, error, error_level}], "has_error": true}}, never as problem+json. */
    private static void answer(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(ResultsView.error(message, HexabaseError.word(status))));
        body.put("has_error", true);
        ctx.status(status).json(body);
    }
}
