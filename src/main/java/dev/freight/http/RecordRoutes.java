package dev.freight.http;

import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.store.ApiKey;
import dev.freight.store.Store;
import dev.freight.store.Visibility;
import dev.freight.engine.Values;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/tables/{table}/records}: rows in key order, in keyset pages (JSON) or streamed (CSV). */
final class RecordRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;
    private final Store store;

    RecordRoutes(Store store) {
        this.store = store;
    }

    void register(RouteTable r) {
        r.get("/v1/tables/{table}/records", this::records);
    }

    private void records(Context ctx) throws IOException {
        ApiKey key = Auth.key(ctx);
        Table table = TableRoutes.find(store, ctx);
        String after = ctx.queryParam("after");
        String accept = ctx.header("Accept");
        boolean csv = accept != null && accept.contains("text/csv");
        Store.RecordPage page;
        try {
            if (csv) {
                streamCsv(ctx, table, key, after);
                return;
            }
            int limit = ImportRoutes.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            page = store.records(table, limit, after, Visibility.of(key));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("after", e.getMessage());
        }
        List<Map<String, Object>> items = new ArrayList<>(page.rows().size());
        for (Map<String, Object> row : page.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            row.forEach((k, v) -> m.put(k, Values.json(v)));
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", page.next());
        ctx.json(out);
    }

    /** CSV: every row from {@code after} on (or {@code limit} rows), read page by page. */
    private void streamCsv(Context ctx, Table table, ApiKey key, String after) throws IOException {
        CsvLines csv = CsvLines.of(ctx);
        String limitParam = ctx.queryParam("limit");
        long remaining = limitParam == null ? Long.MAX_VALUE : ImportRoutes.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<String> header = Visibility.of(key).columns(table).stream().map(Column::name).toList();
        Store.RecordPage first = store.records(table, (int) Math.min(remaining, MAX_LIMIT), after, Visibility.of(key));
        ctx.contentType("text/csv; charset=utf-8");
        Writer w = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
        csv.write(w, header);
        Store.RecordPage page = first;
        while (true) {
            for (Map<String, Object> row : page.rows()) {
                List<String> fields = new ArrayList<>(header.size());
                for (String h : header) fields.add(Values.text(row.get(h)));
                csv.write(w, fields);
            }
            remaining -= page.rows().size();
            if (page.next() == null || remaining <= 0) break;
            page = store.records(table, (int) Math.min(remaining, MAX_LIMIT), page.next(), Visibility.of(key));
        }
        w.flush();
    }
}
