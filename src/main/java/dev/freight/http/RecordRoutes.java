package dev.freight.http;

import dev.freight.auth.ApiKey;
import dev.freight.imports.Cells;
import dev.freight.imports.Tables;
import dev.freight.schema.Table;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/tables/{table}/records}: rows in key order, in keyset pages (JSON) or streamed (CSV). */
final class RecordRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;
    private final Tables tables;

    RecordRoutes(Tables tables) {
        this.tables = tables;
    }

    void register(RouteTable r) {
        r.get("/v1/tables/{table}/records", this::records);
    }

    private void records(Context ctx) throws IOException {
        ApiKey key = Auth.key(ctx);
        Table table = TableRoutes.find(tables, ctx);
        String after = ctx.queryParam("after");
        String accept = ctx.header("Accept");
        boolean csv = accept != null && accept.contains("text/csv");
        if (csv) {
            streamCsv(ctx, table, key, after);
            return;
        }
        int limit = ImportRoutes.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Tables.RecordPage page = tables.records(table, key, limit, after);
        List<Map<String, Object>> items = Cells.jsonRows(page.rows());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", page.next());
        ctx.json(out);
    }

    /**
     * CSV: every row from {@code after} on, read page by page; or, with {@code limit}, one page,
     * whose next cursor is in {@code Freight-Next-After} and {@code Link: <…>; rel="next"} (CSV has no room for it).
     */
    private void streamCsv(Context ctx, Table table, ApiKey key, String after) throws IOException {
        CsvLines csv = CsvLines.of(ctx);
        String limitParam = ctx.queryParam("limit");
        long remaining = limitParam == null ? Long.MAX_VALUE : ImportRoutes.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<String> header = tables.columns(table, key);
        Tables.RecordPage first = tables.records(table, key, (int) Math.min(remaining, MAX_LIMIT), after);
        if (limitParam != null && first.next() != null) { // one page (limit is at most one page's size): say where the next starts
            ctx.header("Freight-Next-After", first.next());
            ctx.header("Link", "</v1/tables/" + table.name() + "/records?limit=" + remaining + "&after="
                    + URLEncoder.encode(first.next(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        ctx.contentType("text/csv; charset=utf-8");
        Writer w = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
        csv.write(w, header);
        Tables.RecordPage page = first;
        while (true) {
            for (Map<String, Object> row : page.rows()) {
                List<String> fields = new ArrayList<>(header.size());
                for (String h : header) fields.add(Cells.text(row.get(h)));
                csv.write(w, fields);
            }
            remaining -= page.rows().size();
            if (page.next() == null || remaining <= 0) break;
            page = tables.records(table, key, (int) Math.min(remaining, MAX_LIMIT), page.next());
        }
        w.flush();
    }
}
