package dev.freight.compat.brevo;

import dev.freight.auth.ApiKey;
import dev.freight.http.ApiException;
import dev.freight.http.Dialect;
import dev.freight.http.DialectSupport;
import dev.freight.http.RouteTable;
import dev.freight.imports.Imports;
import dev.freight.imports.Submissions;
import dev.freight.ingest.Format;
import dev.freight.job.ImportMode;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.schema.Table;
import dev.freight.schema.TableKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Brevo's custom object records under {@code /v3} (COMPAT.md §4): the batch upsert, queued as an
 * import into the object type's table, and its processes. Translates to the {@link Imports} door;
 * never touches SQL.
 */
public final class BrevoRoutes implements Dialect {
    /** Brevo's own objects, never custom object types here. */
    private static final Set<String> SYSTEM_OBJECTS = Set.of("contact", "deal");
    /** Brevo's own objects unless a custom object type has the name. */
    private static final Set<String> SYSTEM_UNLESS_CUSTOM = Set.of("company");
    private static final int MAX_LIMIT = 50;
    private static final int DEFAULT_LIMIT = 10;

    private final DialectSupport support;
    private final Imports imports;
    private final Submissions submissions;
    private final BrevoSettings settings;

    public BrevoRoutes(Imports imports, BrevoSettings settings) {
        this.support = new DialectSupport(imports, BrevoRoutes::answer);
        this.imports = imports;
        this.submissions = imports.submissions();
        this.settings = settings;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/v3/objects/{object_type}/batch/upsert", support.guarded(this::upsert));
        routes.get("/v3/processes/{id}", support.guarded(this::process));
        routes.get("/v3/processes", support.guarded(this::processes));
    }

    @Override
    public String prefix() {
        return "/v3/";
    }

    @Override
    public void answer(Context ctx, ApiException e) {
        support.answer(ctx, e);
    }

    private void upsert(Context ctx) throws IOException {
        ApiKey key = support.requireWrite(key(ctx), "this API key may only read");
        Table table = objectType(key, ctx.pathParam("object_type"));
        UpsertRequest req;
        try (InputStream in = support.body(ctx, settings.maxBody(), "the request body is larger than the limit of "
                + settings.maxBody() + " bytes (1 MB)")) {
            req = UpsertRequest.read(in, settings);
        }
        // identifiers: id matches (and must exist), else ext_id matches, else a new record; attributes
        // that are no column are ignored with a warning on the record's result
        ImportSpec spec = ImportSpec.builder(Format.JSON).mode(ImportMode.UPSERT).key(List.of("id")).alternateKey(List.of("ext_id"))
                .ignoreUnknown(true).warnUnknown(true).emptyOverwrites(true).build();
        Submissions.Spooled body = submissions.spool(req::writeTo);
        Job job = submissions.submit(key.workspace(), table, spec, ProcessView.UPSERT, null, body);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", "Request accepted");
        m.put("processId", job.number());
        ctx.status(202).json(m);
    }

    /** The object type's table: 403 for Brevo's system objects, 404 "invalid object type" for anything else that is no object type. */
    private Table objectType(ApiKey key, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Table t = SYSTEM_OBJECTS.contains(lower) ? null
                : imports.tables().find(key.workspace(), name).filter(x -> x.kind() == TableKind.OBJECT).orElse(null);
        if (t != null) return t;
        if (SYSTEM_OBJECTS.contains(lower) || SYSTEM_UNLESS_CUSTOM.contains(lower)) {
            throw new BrevoError(403, name + " is a system object: its records are not upserted as custom object records");
        }
        throw new BrevoError(404, "invalid object type");
    }

    private void process(Context ctx) {
        ApiKey key = key(ctx);
        String id = ctx.pathParam("id");
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw BrevoError.badRequest("processId must be a whole number, got '" + id + "'");
        }
        Job job = imports.jobs().findByNumber(key.workspace(), number)
                .orElseThrow(() -> new BrevoError(404, "Process does not exist"));
        ctx.json(ProcessView.of(imports, job, key));
    }

    private void processes(Context ctx) {
        ApiKey key = key(ctx);
        int limit = (int) number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long offset = number(ctx, "offset", 0, 0, Long.MAX_VALUE);
        String sort = ctx.queryParam("sort");
        if (sort != null && !sort.equals("asc") && !sort.equals("desc")) throw BrevoError.badRequest("sort must be asc or desc");
        boolean ascending = "asc".equals(sort);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Job j : imports.jobs().page(key.workspace(), ascending, offset, limit)) out.add(ProcessView.of(imports, j, key));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processes", out);
        m.put("count", imports.jobs().count(key.workspace()));
        ctx.json(m);
    }

    private static long number(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return dflt;
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw BrevoError.badRequest(name + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw BrevoError.badRequest(name + " must be " + (max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                    + ", got " + n);
        }
        return n;
    }

    /** The {@code api-key} header names the key; anything else is a 401. */
    private ApiKey key(Context ctx) {
        return support.authenticate(ctx.header("api-key"), k -> true, "Key not found");
    }

    /** Every error leaves as {@code {"code", "message"}}, never as problem+json. */
    private static void answer(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", BrevoError.code(status));
        body.put("message", message);
        ctx.status(status).json(body);
    }
}
