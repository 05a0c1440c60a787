package dev.freight.compat.contractinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.auth.ApiKey;
import dev.freight.engine.FilteredWrite;
import dev.freight.http.ApiException;
import dev.freight.http.Dialect;
import dev.freight.http.DialectSupport;
import dev.freight.http.RouteTable;
import dev.freight.imports.Cells;
import dev.freight.imports.Imports;
import dev.freight.imports.Matches;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CobbleStone ContractInsight's record API under {@code /CSSAPI/V2/{entityName}} (COMPAT.md §3):
 * Upsert, Update, Add and Get, synchronous, each call one transaction through the
 * {@link Matches} door. Translates vendor shapes only; never touches SQL.
 */
public final class ContractInsightRoutes implements Dialect {
    private static final Logger log = LoggerFactory.getLogger(ContractInsightRoutes.class);
    /** An Update or Upsert changes at most this many records; more matches change nothing. */
    static final int MAX_UPDATED = 500;
    /** ContractInsight's out-of-the-box date fields, set on insert and never updated (matched in any case). */
    static final Set<String> CREATED_DATES = Set.of("dateentered", "entrydate", "datecreated", "createddate");

    private final DialectSupport support;
    private final Matches matches;
    private final long maxBody;

    public ContractInsightRoutes(Imports imports, ContractInsightSettings settings) {
        this.support = new DialectSupport(imports, ContractInsightRoutes::answer);
        this.matches = imports.matches();
        this.maxBody = settings.maxBody();
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/CSSAPI/V2/{entityName}/Upsert", support.guarded(this::upsert));
        routes.post("/CSSAPI/V2/{entityName}/Update", support.guarded(this::update));
        routes.post("/CSSAPI/V2/{entityName}/Add", support.guarded(this::add));
        routes.post("/CSSAPI/V2/{entityName}/Get", support.guarded(this::get));
    }

    @Override
    public String prefix() {
        return "/CSSAPI/";
    }

    @Override
    public void answer(Context ctx, ApiException e) {
        support.answer(ctx, e);
    }

    private void upsert(Context ctx) throws IOException {
        ApiKey key = writer(ctx);
        Table table = entity(ctx, key);
        Request.Write req = Request.write(body(ctx), true);
        FilteredWrite.Result r = matches.write(table, key, req.clause(), req.tuples(),
                new Matches.Rules(kept(table), MAX_UPDATED, req.allowMultiUpdate(), true));
        switch (r.kind()) {
            case INSERTED -> ctx.json(added(table, r));
            case UPDATED, NONE -> ctx.json(updated(r.changed(), null));
            case AMBIGUOUS -> ctx.status(400).json(updated(0, r.matched()
                    + " records were returned based on the Clause; AllowMultiUpdate is false, no records were updated."));
            case TOO_MANY -> ctx.status(400).json(updated(0, tooMany()));
        }
    }

    private void update(Context ctx) throws IOException {
        ApiKey key = writer(ctx);
        Table table = entity(ctx, key);
        Request.Write req = Request.write(body(ctx), false);
        FilteredWrite.Result r = matches.write(table, key, req.clause(), req.tuples(),
                new Matches.Rules(kept(table), MAX_UPDATED, true, false));
        if (r.kind() == FilteredWrite.Result.Kind.TOO_MANY) ctx.status(400).json(updated(0, tooMany()));
        else ctx.json(updated(r.changed(), null));
    }

    private void add(Context ctx) throws IOException {
        ApiKey key = writer(ctx);
        Table table = entity(ctx, key);
        Map<String, Object> tuple = Request.add(body(ctx));
        ctx.json(added(table, matches.insert(table, key, tuple)));
    }

    private void get(Context ctx) throws IOException {
        ApiKey key = reader(ctx);
        Table table = entity(ctx, key);
        Request.Read req = Request.read(body(ctx));
        Matches.Page page = matches.read(table, key, req.clause(), req.offset(), req.limit());
        List<Map<String, Object>> records = Cells.jsonRows(page.rows());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Records", records);
        out.put("TotalCount", page.total());
        out.put("Offset", req.offset());
        out.put("Limit", req.limit());
        ctx.json(out);
    }

    private static String tooMany() {
        return "more than " + MAX_UPDATED + " records were returned based on the Clause; at most " + MAX_UPDATED
                + " can be updated in one request, no records were updated.";
    }

    /** UPDATE's answer. */
    private static Map<String, Object> updated(long affected, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TotalAffected", affected);
        m.put("TotalFailed", 0);
        m.put("Message", message);
        return m;
    }

    /** ADD's answer: the new record's id (its one-column primary key; null for a table without one). */
    private static Map<String, Object> added(Table table, FilteredWrite.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("GeneratedId", generatedId(table, r.key()));
        m.put("Message", "Success");
        return m;
    }

    static Object generatedId(Table table, String keyJson) {
        if (keyJson == null || table.primaryKey().size() != 1) return null;
        String name = table.primaryKey().get(0);
        JsonNode v = dev.freight.Json.read(keyJson, JsonNode.class).get(name);
        if (v == null || v.isNull()) return null;
        Column col = table.column(name).orElseThrow();
        if (col.type() == ColumnType.INTEGER) {
            try {
                return Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                return v.asText();
            }
        }
        return v.asText();
    }

    /** What an update leaves as it is besides the key and updatable-false columns: uuid, password and created-date fields. */
    static Set<String> kept(Table table) {
        Set<String> out = new HashSet<>();
        for (Column c : table.columns()) {
            if (c.type() == ColumnType.UUID || c.role() == ColumnRole.PASSWORD
                    || CREATED_DATES.contains(c.name().toLowerCase(Locale.ROOT))) {
                out.add(c.name());
            }
        }
        return out;
    }

    private Table entity(Context ctx, ApiKey key) {
        String name = ctx.pathParam("entityName");
        return support.table(key, name, "the entity " + name + " does not exist");
    }

    private JsonNode body(Context ctx) throws IOException {
        try (InputStream in = support.body(ctx, maxBody, "the request is larger than the limit of " + maxBody + " bytes")) {
            return Request.body(in);
        }
    }

    private ApiKey reader(Context ctx) {
        String h = ctx.header("Authorization");
        String secret = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        return support.authenticate(secret, k -> true, "Authorization has been denied for this request: send Authorization: Bearer <key>");
    }

    private ApiKey writer(Context ctx) {
        return support.requireWrite(reader(ctx), "this API key may only read: Upsert, Update and Add need a key that writes");
    }

    /**
     * Every error leaves as {@code {"LogId", "Message", "Exception"}}: LogId is logged with the
     * message (a 500's log line carries the whole exception), Exception names the kind of error,
     * never a class or a stack trace.
     */
    private static void answer(Context ctx, int status, String message) {
        String logId = UUID.randomUUID().toString();
        log.info("ContractInsight {} {} answered {} (LogId {}): {}", ctx.method(), ctx.path(), status, logId, message);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LogId", logId);
        m.put("Message", message);
        m.put("Exception", exception(status));
        ctx.status(status).json(m);
    }

    private static String exception(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 413 -> "PayloadTooLarge";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "InternalServerError" : "Error";
        };
    }
}
