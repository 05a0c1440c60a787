package dev.freight.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.auth.ApiKey;
import dev.freight.imports.Cells;
import dev.freight.imports.Tables;
import dev.freight.ingest.Coercer;
import dev.freight.ingest.CoercionException;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Names;
import dev.freight.schema.Status;
import dev.freight.schema.Table;
import dev.freight.schema.TableKind;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/tables}: create, list, read and drop tables of the key's workspace. */
final class TableRoutes {
    private static final int MAX_ASSOCIATIONS = 10;
    private final Tables tables;

    TableRoutes(Tables tables) {
        this.tables = tables;
    }

    void register(RouteTable r) {
        r.get("/v1/tables", this::list);
        r.post("/v1/tables", this::create);
        r.get("/v1/tables/{table}", this::get);
        r.head("/v1/tables/{table}", this::get); // curl -sI shows the ETag that DELETE needs
        r.delete("/v1/tables/{table}", this::drop);
    }

    /** The table named in the path, of the key's workspace: 400 for a malformed name, 404 for an unknown one. */
    static Table find(Tables tables, Context ctx) {
        return tables.get(Auth.key(ctx).workspace(), ctx.pathParam("table"));
    }

    private void list(Context ctx) {
        ApiKey key = Auth.key(ctx);
        ctx.json(Map.of("items", tables.list(key.workspace()).stream().map(Views::table).toList()));
    }

    private void get(Context ctx) {
        Table t = find(tables, ctx);
        ctx.header("ETag", t.etag());
        var body = Views.table(t);
        if (ctx.method() == HandlerType.HEAD) return; // the headers only: no count
        body.put("rowCount", tables.rowCount(t, Auth.key(ctx)));
        List<String> problems = tables.problems(t);
        if (!problems.isEmpty()) body.put("problems", problems); // columns Freight leaves out, and why
        ctx.json(body);
    }

    private void drop(Context ctx) {
        Auth.requireAdmin(ctx);
        Table t = find(tables, ctx);
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) { // dropping destroys every row: only a client that read the table may
            throw new ApiException(428, "Precondition Required", "dropping table " + t.name() + " needs If-Match with its ETag "
                    + "(the ETag header of GET or HEAD /v1/tables/" + t.name() + "), or If-Match: * for any version");
        }
        tables.requireVersion(t, ifMatch, "table");
        tables.drop(t);
        ctx.status(204);
    }

    private void create(Context ctx) {
        ApiKey key = Auth.requireAdmin(ctx);
        // no ?workspace=: every table route acts in the key's own workspace (a table made elsewhere could not be read back)
        QueryOptions.requireKnown(ctx, Set.of(), List.of(), "POST /v1/tables", "; a table is made in the key's own workspace ("
                + key.workspace() + "): use an admin key of the workspace you mean");
        JsonNode body = Bodies.json(ctx);
        Table def = parse(key.workspace(), body);
        Table created = tables.create(def);
        ctx.status(201);
        ctx.header("Location", "/v1/tables/" + created.name());
        ctx.header("ETag", created.etag());
        ctx.json(Views.table(created));
    }

    /** Validates a table definition; every problem is a 400 naming its field. */
    static Table parse(String workspace, JsonNode body) {
        String name = text(body, "name");
        if (!Names.isValid(name)) throw ApiException.badRequest("name", new Names.InvalidNameException("table", name).getMessage());
        TableKind kind = TableKind.TABLE;
        String kindText = text(body, "kind");
        if (kindText != null) {
            if (kindText.equals("object")) kind = TableKind.OBJECT;
            else if (!kindText.equals("table")) throw ApiException.badRequest("kind", "kind must be table or object");
        }
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode cols = body.get("columns");
        if (kind == TableKind.OBJECT) {
            columns.add(new Column("id", ColumnType.INTEGER, false, null, null, null, false, true, ColumnRole.NONE, List.of()));
            columns.add(new Column("ext_id", ColumnType.TEXT, true, null, null, null, true, false, ColumnRole.NONE, List.of()));
            seen.add("id");
            seen.add("ext_id");
        }
        if ((cols == null || !cols.isArray() || cols.isEmpty()) && kind == TableKind.TABLE) {
            throw ApiException.badRequest("columns", "columns must be a non-empty array");
        }
        Coercer coercer = new Coercer(List.of());
        int i = 0;
        for (JsonNode c : cols == null ? List.<JsonNode>of() : iterable(cols)) {
            String field = "columns[" + i++ + "]";
            Column col = column(c, field, coercer);
            if (!seen.add(col.name())) {
                if (kind == TableKind.OBJECT && (col.name().equals("id") || col.name().equals("ext_id"))) continue;
                throw ApiException.badRequest(field + ".name", "column " + col.name() + " is defined twice");
            }
            columns.add(col);
        }
        List<String> pk = kind == TableKind.OBJECT ? List.of("id") : names(body.get("primaryKey"), "primaryKey", seen);
        List<List<String>> uniques = new ArrayList<>();
        JsonNode uk = body.get("uniqueKeys");
        if (uk != null && !uk.isNull()) {
            if (!uk.isArray()) throw ApiException.badRequest("uniqueKeys", "uniqueKeys must be an array of column lists");
            int j = 0;
            for (JsonNode u : uk) uniques.add(names(u, "uniqueKeys[" + j++ + "]", seen));
        }
        if (kind == TableKind.OBJECT && !uniques.contains(List.of("ext_id"))) uniques.add(0, List.of("ext_id"));
        if (!pk.isEmpty()) {
            // key columns cannot be NULL
            for (int k = 0; k < columns.size(); k++) {
                if (pk.contains(columns.get(k).name())) columns.set(k, columns.get(k).withNullable(false));
            }
        }
        List<String> associations = new ArrayList<>();
        JsonNode as = body.get("associations");
        if (as != null && !as.isNull()) {
            if (kind != TableKind.OBJECT) throw ApiException.badRequest("associations", "only object types (kind object) have associations");
            if (!as.isArray()) throw ApiException.badRequest("associations", "associations must be an array of object type names");
            for (JsonNode a : as) {
                if (!Names.isValid(a.asText(null))) throw ApiException.badRequest("associations", "'" + a.asText() + "' is not a valid object type name");
                associations.add(a.asText());
            }
            if (associations.size() > MAX_ASSOCIATIONS) {
                throw ApiException.badRequest("associations", "at most " + MAX_ASSOCIATIONS + " associations");
            }
        }
        return new Table(UUID.randomUUID().toString(), workspace, name, columns, pk, uniques, kind, associations, false, 1, null);
    }

    private static Column column(JsonNode c, String field, Coercer coercer) {
        if (c == null || !c.isObject()) throw ApiException.badRequest(field, "a column must be an object with name and type");
        String name = text(c, "name");
        if (!Names.isValid(name)) throw ApiException.badRequest(field + ".name", new Names.InvalidNameException("column", name).getMessage());
        String typeName = text(c, "type");
        ColumnType type = ColumnType.fromWire(typeName);
        if (type == null) {
            throw ApiException.badRequest(field + ".type", "column " + name + ": type " + (typeName == null ? "is missing" : "'" + typeName + "' is unknown")
                    + "; use one of text, integer, decimal, boolean, date, timestamp, timestamptz, uuid, json");
        }
        boolean nullable = bool(c, "nullable", true, field);
        boolean updatable = bool(c, "updatable", true, field);
        boolean autonumber = bool(c, "autonumber", false, field);
        if (autonumber && type != ColumnType.INTEGER) throw ApiException.badRequest(field + ".autonumber", "column " + name + ": only integer columns can be autonumber");
        Integer precision = integer(c, "precision", field);
        Integer scale = integer(c, "scale", field);
        if ((precision != null || scale != null) && type != ColumnType.DECIMAL) {
            throw ApiException.badRequest(field + ".precision", "column " + name + ": precision and scale apply to decimal columns only");
        }
        if (precision != null && (precision < 1 || precision > 1000)) throw ApiException.badRequest(field + ".precision", "precision must be between 1 and 1000");
        if (scale != null && (scale < 0 || (precision != null && scale > precision))) throw ApiException.badRequest(field + ".scale", "scale must be between 0 and the precision");
        String roleText = text(c, "role");
        ColumnRole role = ColumnRole.fromWire(roleText);
        if (role == null) throw ApiException.badRequest(field + ".role", "role must be status, group or password");
        List<Status> statuses = new ArrayList<>();
        JsonNode st = c.get("statuses");
        if (st != null && !st.isNull()) {
            if (role != ColumnRole.STATUS) throw ApiException.badRequest(field + ".statuses", "statuses need \"role\": \"status\"");
            for (JsonNode s : st) {
                String id = s.hasNonNull("id") ? s.get("id").asText() : null;
                String sname = text(s, "name");
                if (id == null || sname == null) throw ApiException.badRequest(field + ".statuses", "each status needs an id and a name");
                statuses.add(new Status(id, sname));
            }
        }
        if (role == ColumnRole.STATUS && statuses.isEmpty()) throw ApiException.badRequest(field + ".statuses", "a status column needs its statuses");
        Column col = new Column(name, type, nullable, null, precision, scale, updatable, autonumber, role, statuses);
        JsonNode d = c.get("default");
        if (d != null && !d.isNull()) {
            try {
                Object raw = d.isTextual() ? d.asText() : d.isBoolean() ? d.asBoolean() : d.isIntegralNumber() ? d.asLong()
                        : d.isNumber() ? d.decimalValue() : new dev.freight.ingest.JsonText(d.toString());
                Object typed = coercer.coerce(col, raw);
                col = new Column(name, type, nullable, Cells.text(typed), precision, scale, updatable, autonumber, role, statuses);
            } catch (CoercionException e) {
                throw ApiException.badRequest(field + ".default", "default of " + e.getMessage());
            }
        }
        return col;
    }

    private static List<String> names(JsonNode n, String field, Set<String> columns) {
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) throw ApiException.badRequest(field, field + " must be an array of column names");
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            String c = x.asText(null);
            if (c == null || !columns.contains(c)) throw ApiException.badRequest(field, field + " names " + (c == null ? "a non-text value" : "column " + c + ", which is not defined"));
            out.add(c);
        }
        if (n.isEmpty() && !field.equals("primaryKey")) throw ApiException.badRequest(field, field + " must name at least one column");
        return out;
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n::elements;
    }

    static String text(JsonNode n, String f) {
        JsonNode v = n == null ? null : n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean bool(JsonNode n, String f, boolean dflt, String field) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) throw ApiException.badRequest(field + "." + f, f + " must be true or false");
        return v.asBoolean();
    }

    private static Integer integer(JsonNode n, String f, String field) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber()) throw ApiException.badRequest(field + "." + f, f + " must be an integer");
        return v.asInt();
    }
}
