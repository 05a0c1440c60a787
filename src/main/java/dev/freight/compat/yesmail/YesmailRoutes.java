package dev.freight.compat.yesmail;

import dev.freight.http.ApiException;
import dev.freight.http.Auth;
import dev.freight.http.Dialect;
import dev.freight.http.Failures;
import dev.freight.http.LimitedInputStream;
import dev.freight.http.RouteTable;
import dev.freight.ingest.Format;
import dev.freight.callback.CallbackBodies;
import dev.freight.job.ImportRejected;
import dev.freight.imports.ImportService;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.schema.Names;
import dev.freight.schema.Table;
import dev.freight.auth.ApiKey;
import dev.freight.store.Store;
import dev.freight.store.Visibility;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Yesmail's reference-data import under {@code /v2} (COMPAT.md §2): the import, its ticket and
 * its async results. Paths are case-insensitive (the server routes all paths so). Translates to
 * {@link ImportService}; never touches SQL.
 */
public final class YesmailRoutes implements Dialect {

    private final Store store;
    private final ImportService imports;
    private final long maxBody;
    private Auth auth;

    public YesmailRoutes(Store store, ImportService imports, CallbackBodies callbacks, long maxBody) {
        this.store = store;
        this.imports = imports;
        this.maxBody = maxBody;
        callbacks.register(TicketView.CALLBACK_FORMAT, TicketView::of); // responseUri gets the ticket, not the job
    }

    static String importPath(String dataset) {
        return "/v2/reference-data/" + dataset + "/records/import";
    }

    static String ticketPath(String id) {
        return "/v2/tickets/" + id;
    }

    static String resultsPath(String id) {
        return "/v2/async-results/" + id;
    }

    @Override
    public void register(RouteTable routes, Auth auth) {
        this.auth = auth;
        routes.post("/v2/reference-data/{dataset}/records/import", guarded(this::importRecords));
        routes.get("/v2/tickets/{id}", guarded(this::ticket));
        routes.get("/v2/async-results/{id}", guarded(this::results));
    }

    @Override
    public String prefix() {
        return "/v2/";
    }

    @Override
    public void answer(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        answer(ctx, e.status(), e.getMessage());
    }

    private void importRecords(Context ctx) throws IOException {
        ApiKey key = key(ctx);
        if (!key.role().canWrite()) throw new YesmailError(403, "this API key is read-only");
        String dataset = ctx.pathParam("dataset");
        Table table = (Names.isValid(dataset) ? store.table(key.workspace(), dataset) : java.util.Optional.<Table>empty())
                .orElseThrow(() -> new YesmailError(404, "the dataset " + dataset + " does not exist"));
        String ifMatch = ctx.header("If-Match");
        if (ifMatch != null && !ifMatch.trim().equals("*") && !ifMatch.trim().equals(table.etag())) {
            throw new YesmailError(409, "If-Match " + ifMatch + " does not match the dataset's ETag " + table.etag());
        }
        String responseUri = responseUri(ctx.queryParam("responseUri"));
        if (ctx.req().getContentLengthLong() > maxBody) throw tooLarge();
        ImportRequest req;
        try (InputStream in = new LimitedInputStream(ctx.bodyInputStream(), maxBody)) {
            req = ImportRequest.read(in, imports);
        }
        // a JSON "" is a value, not a missing cell: it is stored (empty text, or NULL for other types)
        ImportSpec spec = ImportSpec.builder(Format.JSON).mode(req.mode).errorThreshold(req.threshold).emptyOverwrites(true)
                .callback(responseUri, TicketView.CALLBACK_FORMAT).build();
        Job job = imports.submit(key.workspace(), table, spec, null, ctx.queryParam("responseRef"), req.records);
        ctx.header("Content-Location", ticketPath(job.id()));
        ctx.status(202).json(TicketView.of(job));
    }

    private void ticket(Context ctx) {
        ctx.json(TicketView.of(job(ctx)));
    }

    private void results(Context ctx) {
        Job job = job(ctx);
        ctx.json(ResultsView.of(store, job, Visibility.of(key(ctx)), flag(ctx, "completed"), flag(ctx, "failed"),
                flag(ctx, "ignored")));
    }

    private Job job(Context ctx) {
        ApiKey key = key(ctx);
        String id = ctx.pathParam("id");
        return store.job(id).filter(j -> j.workspace().equals(key.workspace()))
                .orElseThrow(() -> new YesmailError(404, "ticket " + id + " does not exist"));
    }

    private static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equalsIgnoreCase("false")) return false;
        if (v.isEmpty() || v.equalsIgnoreCase("true")) return true;
        throw YesmailError.badRequest(name + " must be true or false");
    }

    private static String responseUri(String uri) {
        if (uri == null || uri.isBlank()) return null;
        try {
            URI u = URI.create(uri.trim());
            if (u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) return u.toString();
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw YesmailError.badRequest("responseUri must be an absolute http or https URI");
    }

    /** Api-User names the key's workspace, Api-Key is the key; anything else is a 401. */
    private ApiKey key(Context ctx) {
        String user = ctx.header("Api-User");
        ApiKey key = auth.find(ctx.header("Api-Key"));
        if (key == null || user == null || !user.trim().equals(key.workspace())) {
            throw new YesmailError(401, "Invalid Api-User and/or Api-Key header value.");
        }
        return key;
    }

    private YesmailError tooLarge() {
        return new YesmailError(413, "the request payload is larger than the limit of " + maxBody + " bytes");
    }

    /** Every error leaves as {@code {"status", "message"}}, never as problem+json. */
    private static Handler guarded(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (YesmailError e) {
                answer(ctx, e.status, e.getMessage());
            } catch (ApiException e) { // the body's limit and framing, from LimitedInputStream
                e.headers().forEach(ctx::header);
                answer(ctx, e.status(), e.getMessage());
            } catch (ImportRejected e) { // Yesmail has no 422: options impossible for the dataset are a bad request
                answer(ctx, e.status() >= 500 ? e.status() : 400, e.getMessage());
            } catch (Exception e) {
                ApiException a = Failures.answer(ctx, e);
                answer(ctx, a.status(), a.getMessage());
            }
        };
    }

    private static void answer(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        ctx.status(status).json(body);
    }
}
