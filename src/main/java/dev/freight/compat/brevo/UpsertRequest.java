package dev.freight.compat.brevo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freight.Json;
import dev.freight.http.Failures;
import dev.freight.ingest.RowMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch upsert body {@code {"records": [{"identifiers", "attributes", "associations"}, …]}},
 * checked against Brevo's limits and translated into the engine's flat rows: the identifiers and
 * attributes as fields ({@code id}, {@code ext_id}, one per attribute) and the associations as the
 * row's {@link RowMapper#ASSOCIATIONS_FIELD} list. Small by contract (1 MB), so read whole.
 */
final class UpsertRequest {
    /** Attribute names the engine reads as something else than a column: an identifier or a marker. */
    private static final Set<String> NOT_ATTRIBUTES = Set.of("id", "ext_id", RowMapper.DELETE_FIELD, RowMapper.ASSOCIATIONS_FIELD);

    private final List<ObjectNode> rows;

    private UpsertRequest(List<ObjectNode> rows) {
        this.rows = rows;
    }

    int size() {
        return rows.size();
    }

    static UpsertRequest read(InputStream in, BrevoSettings limits) throws IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw BrevoError.badRequest(Failures.json(e));
        }
        if (body == null || !body.isObject()) throw BrevoError.badRequest("the body must be a JSON object with records");
        JsonNode records = body.get("records");
        if (records == null || records.isNull()) throw BrevoError.badRequest("records is required");
        if (!records.isArray()) throw BrevoError.badRequest("records must be an array of object records");
        if (records.isEmpty()) throw BrevoError.badRequest("records cannot be empty: give 1 to " + limits.maxRecords() + " records");
        if (records.size() > limits.maxRecords()) {
            throw BrevoError.badRequest("records cannot be more than " + limits.maxRecords() + " (got " + records.size() + ")");
        }
        List<ObjectNode> rows = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) rows.add(row(records.get(i), "records[" + i + "]", limits));
        return new UpsertRequest(rows);
    }

    /** Writes the rows as the JSON array the engine reads. */
    void writeTo(OutputStream out) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (ObjectNode r : rows) Json.MAPPER.writeTree(g, r);
            g.writeEndArray();
        }
    }

    private static ObjectNode row(JsonNode record, String at, BrevoSettings limits) {
        if (record == null || !record.isObject()) throw BrevoError.badRequest(at + " must be an object");
        ObjectNode row = Json.MAPPER.createObjectNode();
        JsonNode ids = record.get("identifiers");
        if (ids != null && !ids.isNull()) identifiers(ids, at + ".identifiers", row);
        JsonNode attrs = record.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) throw BrevoError.badRequest(at + ".attributes must be an object");
            if (attrs.size() > limits.maxAttributes()) {
                throw BrevoError.badRequest(at + ".attributes: at most " + limits.maxAttributes() + " attributes per record (got "
                        + attrs.size() + ")");
            }
            for (Map.Entry<String, JsonNode> a : attrs.properties()) {
                if (NOT_ATTRIBUTES.contains(a.getKey())) {
                    throw BrevoError.badRequest(at + ".attributes: '" + a.getKey() + "' is not an attribute"
                            + (a.getKey().endsWith("id") ? "; give it in identifiers" : ""));
                }
                row.set(a.getKey(), a.getValue());
            }
        }
        JsonNode assoc = record.get("associations");
        if (assoc != null && !assoc.isNull()) {
            ArrayNode changes = associations(assoc, at + ".associations", limits);
            if (!changes.isEmpty()) row.set(RowMapper.ASSOCIATIONS_FIELD, changes);
        }
        return row;
    }

    /** {@code {"ext_id": "…"}} and/or {@code {"id": n}}: both given match by id and set ext_id. */
    private static void identifiers(JsonNode ids, String at, ObjectNode into) {
        if (!ids.isObject()) throw BrevoError.badRequest(at + " must be an object with ext_id or id");
        for (Map.Entry<String, JsonNode> e : ids.properties()) {
            switch (e.getKey()) {
                case "ext_id" -> into.put("ext_id", extId(e.getValue(), at + ".ext_id"));
                case "id" -> into.put("id", id(e.getValue(), at + ".id"));
                default -> throw BrevoError.badRequest(at + ": unknown identifier '" + e.getKey() + "'; use ext_id or id");
            }
        }
    }

    private static String extId(JsonNode v, String at) {
        if (v.isTextual() && !v.asText().isEmpty()) return v.asText();
        if (v.isIntegralNumber()) return v.asText();
        throw BrevoError.badRequest(at + " must be a non-empty string");
    }

    private static long id(JsonNode v, String at) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() > 0) return v.asLong();
        if (v.isTextual() && v.asText().matches("[1-9][0-9]{0,17}")) return Long.parseLong(v.asText());
        throw BrevoError.badRequest(at + " must be a positive whole number");
    }

    /**
     * {@code [{"object_type", "action": "link"|"unlink", "records": [{"identifiers": {…}}]}]} as the
     * engine's association changes {@code [{"type", "action", "key": {"ext_id"|"id": …}}]}.
     */
    private static ArrayNode associations(JsonNode assoc, String at, BrevoSettings limits) {
        if (!assoc.isArray()) throw BrevoError.badRequest(at + " must be an array");
        ArrayNode out = Json.MAPPER.createArrayNode();
        Map<String, Integer> perType = new HashMap<>();
        for (int i = 0; i < assoc.size(); i++) {
            String here = at + "[" + i + "]";
            JsonNode a = assoc.get(i);
            if (!a.isObject()) throw BrevoError.badRequest(here + " must be an object");
            JsonNode type = a.get("object_type");
            if (type == null || !type.isTextual() || type.asText().isEmpty()) throw BrevoError.badRequest(here + ".object_type is required");
            JsonNode actionNode = a.get("action");
            String action = actionNode == null || actionNode.isNull() ? "link" : actionNode.asText();
            if (!action.equals("link") && !action.equals("unlink")) {
                throw BrevoError.badRequest(here + ".action must be link or unlink, got '" + action + "'");
            }
            JsonNode records = a.get("records");
            if (records == null || !records.isArray() || records.isEmpty()) {
                throw BrevoError.badRequest(here + ".records must be a non-empty array of records with identifiers");
            }
            int n = perType.merge(type.asText(), records.size(), Integer::sum);
            if (n > limits.maxAssociated()) {
                throw BrevoError.badRequest(at + ": at most " + limits.maxAssociated() + " associated records per object type per record ("
                        + n + " of " + type.asText() + ")");
            }
            for (int j = 0; j < records.size(); j++) {
                String rat = here + ".records[" + j + "]";
                JsonNode r = records.get(j);
                JsonNode ids = r.isObject() ? r.get("identifiers") : null;
                if (ids == null || !ids.isObject() || ids.size() != 1) {
                    throw BrevoError.badRequest(rat + ".identifiers must hold one of ext_id or id");
                }
                ObjectNode key = Json.MAPPER.createObjectNode();
                identifiers(ids, rat + ".identifiers", key);
                ObjectNode change = out.addObject();
                change.put("type", type.asText());
                change.put("action", action);
                change.set("key", key);
            }
        }
        return out;
    }
}
