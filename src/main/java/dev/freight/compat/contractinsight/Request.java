package dev.freight.compat.contractinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.engine.Filter;
import dev.freight.http.Failures;
import dev.freight.ingest.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bodies of Upsert, Update, Add and Get (COMPAT.md §3), read whole (they are small by
 * contract) and checked: a malformed one is a 400 naming what is wrong. Unknown properties, such
 * as {@code TriggerWorkflow}, are ignored.
 */
final class Request {
    /** Get answers at most this many records. */
    static final int MAX_LIMIT = 1000;

    /** Upsert and Update: what to set, on which records, and whether several may be updated. */
    record Write(Map<String, Object> tuples, Filter clause, boolean allowMultiUpdate) {}

    /** Get: which records, from where, how many. */
    record Read(Filter clause, long offset, int limit) {}

    private Request() {}

    static JsonNode body(InputStream in) throws IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CiError.badRequest(Failures.json(e));
        } catch (java.io.CharConversionException e) { // first bytes Jackson took for UTF-16 or UTF-32
            throw CiError.badRequest("the body is not valid JSON: it is not UTF-8 text");
        }
        if (body == null || !body.isObject()) throw CiError.badRequest("the body must be a JSON object");
        return body;
    }

    /** Upsert ({@code multi}: AllowMultiUpdate is read) or Update (every match may be updated). */
    static Write write(JsonNode body, boolean upsert) {
        Map<String, Object> tuples = tuples(body, "Tuples");
        JsonNode clause = VendorJson.field(body, "Clause");
        if (clause == null || clause.isNull()) {
            throw CiError.badRequest("Clause is required: the records to " + (upsert ? "update (none: insert)" : "update"));
        }
        boolean multi = !upsert || bool(body, "AllowMultiUpdate");
        return new Write(tuples, Clause.parse(clause), multi);
    }

    /** Add: the one record's {@code Tuple} ({@code Tuples} is read too). */
    static Map<String, Object> add(JsonNode body) {
        return tuples(body, VendorJson.field(body, "Tuple") == null && VendorJson.field(body, "Tuples") != null ? "Tuples" : "Tuple");
    }

    static Read read(JsonNode body) {
        Filter clause = Clause.parse(VendorJson.field(body, "Clause"));
        long offset = number(body, "Offset", 0, Long.MAX_VALUE, 0);
        long limit = number(body, "Limit", 1, Long.MAX_VALUE, MAX_LIMIT);
        if (limit > MAX_LIMIT) throw CiError.badRequest("Limit " + limit + " is more than the " + MAX_LIMIT + " records Get returns at most");
        return new Read(clause, offset, (int) limit);
    }

    /** {@code [{"Name": …, "Value": …}, …]} as field → raw value, in order; a name given twice is a 400. */
    private static Map<String, Object> tuples(JsonNode body, String name) {
        JsonNode list = VendorJson.field(body, name);
        if (list == null || list.isNull()) throw CiError.badRequest(name + " is required: [{\"Name\": field, \"Value\": value}, …]");
        if (!list.isArray() || list.isEmpty()) throw CiError.badRequest(name + " must be a non-empty array of {\"Name\", \"Value\"}");
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String where = name + "[" + i + "]";
            if (!t.isObject()) throw CiError.badRequest(where + " must be an object {\"Name\", \"Value\"}");
            JsonNode n = VendorJson.field(t, "Name");
            if (n == null || !n.isTextual() || n.asText().isBlank()) throw CiError.badRequest(where + ".Name must name a field");
            String field = n.asText().trim();
            if (out.containsKey(field)) throw CiError.badRequest(where + ": field " + field + " is given more than once");
            JsonNode v = VendorJson.field(t, "Value");
            out.put(field, v == null || v.isNull() ? null : v.isContainerNode() ? new JsonText(v.toString()) : VendorJson.scalar(v));
        }
        return out;
    }

    private static boolean bool(JsonNode body, String name) {
        JsonNode v = VendorJson.field(body, name);
        if (v == null || v.isNull()) return false;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return v.asText().equalsIgnoreCase("true");
        }
        throw CiError.badRequest(name + " must be true or false");
    }

    private static long number(JsonNode body, String name, long min, long max, long absent) {
        JsonNode v = VendorJson.field(body, name);
        if (v == null || v.isNull()) return absent;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw CiError.badRequest(name + " must be a whole number of at least " + min + ", not " + VendorJson.shown(v));
        }
        return v.asLong();
    }
}
