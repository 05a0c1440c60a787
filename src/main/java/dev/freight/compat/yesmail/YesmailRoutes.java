package dev.freight.compat.yesmail;

import dev.freight.auth.ApiKey;
import dev.freight.http.ApiException;
import dev.freight.http.Dialect;
import dev.freight.http.DialectSupport;
import dev.freight.http.RouteTable;
import dev.freight.imports.Imports;
import dev.freight.imports.Submissions;
import dev.freight.ingest.Format;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.schema.Table;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Yesmail's reference-data import under {@code /v2} (COMPAT.md §2): the import, its ticket and
 * its async results. Paths are case-insensitive (the server routes all paths so). Translates to
 * the {@link Imports} door; never touches SQL.
 */
public final class YesmailRoutes implements Dialect {

    private final DialectSupport support;
    private final Submissions submissions;
    private final long maxBody;

    public YesmailRoutes(Imports imports, YesmailSettings settings) {
        this.support = new DialectSupport(imports, YesmailRoutes::answer);
        this.submissions = imports.submissions();
        this.maxBody = settings.maxBody();
        imports.renderCallbacks(TicketView.CALLBACK_FORMAT, TicketView::of); // responseUri gets the ticket, not the job
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
    public void register(RouteTable routes) {
        routes.post("/v2/reference-data/{dataset}/records/import", support.guarded(this::importRecords));
        routes.get("/v2/tickets/{id}", support.guarded(this::ticket));
        routes.get("/v2/async-results/{id}", support.guarded(this::results));
    }

    @Override
    public String prefix() {
        return "/v2/";
    }

    @Override
    public void answer(Context ctx, ApiException e) {
        support.answer(ctx, e);
    }

    private void importRecords(Context ctx) throws IOException {
        ApiKey key = support.requireWrite(key(ctx), "this API key is read-only");
        String dataset = ctx.pathParam("dataset");
        Table table = support.table(key, dataset, "the dataset " + dataset + " does not exist");
        support.requireVersion(ctx, table, "dataset");
        String responseUri = responseUri(ctx.queryParam("responseUri"));
        ImportRequest req;
        try (InputStream in = support.body(ctx, maxBody, "the request payload is larger than the limit of " + maxBody + " bytes")) {
            req = ImportRequest.read(in, submissions);
        }
        // a JSON "" is a value, not a missing cell: it is stored (empty text, or NULL for other types)
        ImportSpec spec = ImportSpec.builder(Format.JSON).mode(req.mode).errorThreshold(req.threshold).emptyOverwrites(true)
                .callback(responseUri, TicketView.CALLBACK_FORMAT).build();
        Job job = submissions.submit(key.workspace(), table, spec, null, ctx.queryParam("responseRef"), req.records);
        ctx.header("Content-Location", ticketPath(job.id()));
        ctx.status(202).json(TicketView.of(job));
    }

    private void ticket(Context ctx) {
        ctx.json(TicketView.of(job(ctx)));
    }

    private void results(Context ctx) {
        Job job = job(ctx);
        ctx.json(ResultsView.of(support, job, key(ctx), flag(ctx, "completed"), flag(ctx, "failed"), flag(ctx, "ignored")));
    }

    private Job job(Context ctx) {
        return support.job(key(ctx), ctx.pathParam("id"), "ticket");
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
        return support.authenticate(ctx.header("Api-Key"), k -> user != null && user.trim().equals(k.workspace()),
                "Invalid Api-User and/or Api-Key header value.");
    }

    /** Every error leaves as {@code {"status", "message"}}, never as problem+json. */
    private static void answer(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        ctx.status(status).json(body);
    }
}
