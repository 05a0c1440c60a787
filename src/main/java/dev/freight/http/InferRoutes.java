package dev.freight.http;

import dev.freight.imports.Inference;
import dev.freight.ingest.InferredColumn;
import dev.freight.ingest.InferredSchema;
import dev.freight.job.ImportRejected;
import dev.freight.schema.Names;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/tables/infer}: a sample body in, a proposed table definition out, in the shape
 * {@code POST /v1/tables} takes (with {@code name} added, or given here). Write keys and admins:
 * it reads a body as an import does, and stores nothing.
 */
final class InferRoutes {
    private final Inference inference;
    private final long maxBody;

    InferRoutes(Inference inference, long maxBody) {
        this.inference = inference;
        this.maxBody = maxBody;
    }

    void register(RouteTable r) {
        r.post("/v1/tables/infer", this::infer);
    }

    private void infer(Context ctx) throws java.io.IOException {
        Auth.requireWrite(ctx);
        String name = ctx.queryParam("name");
        if (name != null && !Names.isValid(name)) {
            throw ApiException.badRequest("name", new Names.InvalidNameException("table", name).getMessage());
        }
        int rows = ImportRoutes.intParam(ctx, "rows", Inference.DEFAULT_ROWS, 1, Inference.MAX_ROWS);
        Character delimiter = ImportRoutes.delimiter(ctx);
        UploadBody upload = UploadBody.of(ctx, maxBody);
        InferredSchema schema;
        try (InputStream in = new LimitedInputStream(upload.body(), maxBody)) {
            schema = inference.infer(upload.format(), upload.encoding(), delimiter, in, rows);
        } catch (ImportRejected e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        ctx.json(view(name, schema));
    }

    /** The proposal: what POST /v1/tables reads, and what the sample showed of each column. */
    private static Map<String, Object> view(String name, InferredSchema s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (name != null) m.put("name", name);
        List<Map<String, Object>> columns = new ArrayList<>();
        for (InferredColumn c : s.columns()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.type().wireName());
            col.put("nullable", c.nullable());
            col.put("field", c.field());
            if (c.format() != null) col.put("format", c.format());
            col.put("empty", c.empty());
            col.put("examples", c.examples());
            columns.add(col);
        }
        m.put("columns", columns);
        m.put("primaryKey", s.primaryKey());
        m.put("rows", s.rows());
        m.put("skipped", s.skipped());
        return m;
    }
}
