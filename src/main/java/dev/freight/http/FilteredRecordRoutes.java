package dev.freight.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.engine.Filter;
import dev.freight.engine.FilteredWrite;
import dev.freight.imports.Cells;
import dev.freight.imports.Matches;
import dev.freight.imports.Tables;
import dev.freight.schema.Table;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records chosen by a filter ({@link FilterJson}) through the {@link Matches} door: {@code
 * POST …/records/search} reads a page of the matches with their count, {@code POST
 * …/records/update} updates every match in one transaction (or inserts one row when none
 * matches and {@code upsert} is true). A key limited to groups reads and changes only its rows.
 */
final class FilteredRecordRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_MAX_MATCHES = 500;
    private static final int MAX_MAX_MATCHES = 10_000;

    private final Tables tables;
    private final Matches matches;

    FilteredRecordRoutes(Tables tables, Matches matches) {
        this.tables = tables;
        this.matches = matches;
    }

    void register(RouteTable r) {
        r.post("/v1/tables/{table}/records/search", this::search);
        r.post("/v1/tables/{table}/records/update", this::update);
    }

    private void search(Context ctx) {
        ApiKey key = Auth.key(ctx);
        Table table = TableRoutes.find(tables, ctx);
        JsonNode body = body(ctx, Set.of("filter", "offset", "limit"));
        Filter filter = FilterJson.parse(body.get("filter"), "filter");
        long offset = number(body, "offset", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(body, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        Matches.Page page = matches.read(table, key, filter, offset, limit);
        List<Map<String, Object>> items = Cells.jsonRows(page.rows());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("total", page.total());
        ctx.json(out);
    }

    private void update(Context ctx) {
        ApiKey key = Auth.requireWrite(ctx);
        Table table = TableRoutes.find(tables, ctx);
        JsonNode body = body(ctx, Set.of("filter", "set", "maxMatches", "upsert"));
        // required, so that a forgotten filter never updates every row: {"and": []} says so on purpose
        if (body.get("filter") == null || body.get("filter").isNull()) {
            throw ApiException.badRequest("filter", "filter is required ({\"and\": []} matches every row)");
        }
        Filter filter = FilterJson.parse(body.get("filter"), "filter");
        Map<String, Object> set = values(body.get("set"));
        int maxMatches = (int) number(body, "maxMatches", 1, MAX_MAX_MATCHES, DEFAULT_MAX_MATCHES);
        JsonNode upsert = body.get("upsert");
        if (upsert != null && !upsert.isNull() && !upsert.isBoolean()) throw ApiException.badRequest("upsert", "upsert must be true or false");
        boolean insert = upsert != null && upsert.asBoolean();
        FilteredWrite.Result r = matches.write(table, key, filter, set, new Matches.Rules(Set.of(), maxMatches, true, insert));
        if (r.kind() == FilteredWrite.Result.Kind.TOO_MANY) {
            throw ApiException.conflict("more than " + maxMatches + " rows match the filter (maxMatches): nothing was changed");
        }
        boolean inserted = r.kind() == FilteredWrite.Result.Kind.INSERTED;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matched", inserted ? 0 : r.matched());
        out.put("updated", r.kind() == FilteredWrite.Result.Kind.UPDATED ? r.changed() : 0);
        out.put("inserted", inserted ? 1 : 0);
        ctx.json(out);
    }

    private static JsonNode body(Context ctx, Set<String> known) {
        JsonNode body = Bodies.json(ctx);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) throw ApiException.badRequest(name, name + " is not a property of this request: " + String.join(", ", known));
        }
        return body;
    }

    /** {@code set}: column → value as a JSON import reads it; the door refuses unknown columns and values that do not fit. */
    private static Map<String, Object> values(JsonNode set) {
        if (set == null || !set.isObject() || set.isEmpty()) {
            throw ApiException.badRequest("set", "set must be an object of at least one column: {\"column\": value, …}");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                out.put(e.getKey(), Json.value(e.getValue()));
            } catch (IllegalArgumentException x) {
                throw ApiException.badRequest("set." + e.getKey(), x.getMessage());
            }
        }
        return out;
    }

    private static long number(JsonNode body, String name, long min, long max, long absent) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return absent;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw ApiException.badRequest(name, name + " must be a whole number from " + min
                    + (max == Long.MAX_VALUE ? " on" : " to " + max) + ", not " + v);
        }
        return v.asLong();
    }
}
