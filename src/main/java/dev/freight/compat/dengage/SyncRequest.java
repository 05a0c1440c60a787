package dev.freight.compat.dengage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.http.Failures;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The body of the synchronous UpsertData: {@code columns} and at most {@link #MAX_ROWS} {@code rows}.
 * Small by contract, so it is read whole; the rows go to the engine as a JSON array of objects,
 * which keeps JSON null (NULL) apart from "" (an empty field).
 */
final class SyncRequest {
    static final int MAX_ROWS = 1000;

    final TableRef table = new TableRef();
    String jobName;
    boolean overwriteWithEmpty;
    List<String> columns;
    JsonNode rows;

    /** Reads and checks the body; a malformed one is a 400 with the reason. */
    static SyncRequest read(java.io.InputStream in) throws java.io.IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DengageError.badRequest(Failures.json(e));
        } catch (java.io.CharConversionException e) { // first bytes Jackson took for UTF-16 or UTF-32
            throw DengageError.badRequest("the body is not valid JSON: it is not UTF-8 text");
        }
        return of(body);
    }

    static SyncRequest of(JsonNode body) {
        if (body == null || !body.isObject()) throw DengageError.badRequest("the body must be a JSON object");
        SyncRequest r = new SyncRequest();
        r.table.name = text(body, "tableName");
        r.table.id = text(body, "tableId");
        r.jobName = text(body, "jobName");
        JsonNode ow = body.get("overwriteWithEmpty");
        if (ow != null && !ow.isNull() && !ow.isBoolean()) throw DengageError.badRequest("overwriteWithEmpty must be true or false");
        r.overwriteWithEmpty = ow != null && ow.asBoolean();
        JsonNode cols = body.get("columns");
        if (cols == null || !cols.isArray() || cols.isEmpty()) throw DengageError.badRequest("columns must be a non-empty array of column names");
        r.columns = new ArrayList<>();
        for (JsonNode c : cols) {
            if (!c.isTextual() || c.asText().isBlank()) throw DengageError.badRequest("columns must hold column names");
            r.columns.add(c.asText().trim());
        }
        if (new HashSet<>(r.columns).size() != r.columns.size()) throw DengageError.badRequest("columns names a column more than once");
        r.rows = body.get("rows");
        if (r.rows == null || !r.rows.isArray()) throw DengageError.badRequest("rows must be an array of rows, each an array of values");
        if (r.rows.size() > MAX_ROWS) {
            throw DengageError.badRequest("the synchronous UpsertData takes at most " + MAX_ROWS + " rows, got " + r.rows.size()
                    + "; use the async call for more");
        }
        for (int i = 0; i < r.rows.size(); i++) {
            JsonNode row = r.rows.get(i);
            if (!row.isArray() || row.size() != r.columns.size()) {
                throw DengageError.badRequest("row " + (i + 1) + " must be an array of " + r.columns.size() + " values, like columns");
            }
        }
        return r;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isValueNode()) throw DengageError.badRequest(field + " must be a string");
        return n.asText();
    }

    /** The rows as {@code [{"col": value, …}, …]}. */
    void writeRows(OutputStream out) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (JsonNode row : rows) {
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i));
                    Json.MAPPER.writeTree(g, row.get(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }
}
