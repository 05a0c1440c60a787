package dev.freight.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.engine.Filter;
import dev.freight.engine.FilterCheck;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code /v1} filter shape as an engine {@link Filter}: {@code {"column", "op", "value"}},
 * {@code {"and": [filter, …]}} or {@code {"or": [filter, …]}}. Only the shape is checked here;
 * columns, operators against types and the values themselves are checked by the door against
 * the table ({@link FilterCheck}), as for every dialect's filter.
 */
final class FilterJson {
    private static final String OPS = "= != < <= > >= like in isNull isNotNull";

    private FilterJson() {}

    /** The filter at {@code field} of a request; absent or null is every row. */
    static Filter parse(JsonNode n, String field) {
        if (n == null || n.isNull()) return Filter.ALL;
        return filter(n, field, 0);
    }

    private static Filter filter(JsonNode n, String where, int depth) {
        if (!n.isObject()) throw bad(where, "must be an object: {\"column\", \"op\", \"value\"}, {\"and\": […]} or {\"or\": […]}");
        if (depth > FilterCheck.MAX_DEPTH) throw bad(where, "nests deeper than " + FilterCheck.MAX_DEPTH + " levels");
        JsonNode and = n.get("and");
        JsonNode or = n.get("or");
        if (and != null || or != null) {
            if (n.size() != 1) throw bad(where, "must have only one of and, or: not " + names(n));
            Filter.Logic logic = and != null ? Filter.Logic.AND : Filter.Logic.OR;
            String at = where + (and != null ? ".and" : ".or");
            JsonNode list = and != null ? and : or;
            if (!list.isArray()) throw bad(at, "must be an array of filters");
            List<Filter> parts = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) parts.add(filter(list.get(i), at + "[" + i + "]", depth + 1));
            return new Filter.Group(logic, parts);
        }
        return condition(n, where);
    }

    private static Filter condition(JsonNode n, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("column") && !name.equals("op") && !name.equals("value")) {
                throw bad(where + "." + name, "is not a filter property: column, op, value, and, or");
            }
        }
        JsonNode column = n.get("column");
        if (column == null || !column.isTextual() || column.asText().isBlank()) throw bad(where + ".column", "must name a column");
        JsonNode opNode = n.get("op");
        Filter.Op op = opNode != null && opNode.isTextual() ? Filter.Op.of(opNode.asText()) : null;
        if (op == null) throw bad(where + ".op", (opNode == null ? "is required" : opNode + " is not an operator") + ": one of " + OPS);
        JsonNode value = n.get("value");
        List<Object> values = new ArrayList<>();
        if (op.arity() == 0) {
            if (value != null) throw bad(where + ".value", op.word() + " takes no value");
        } else if (op.arity() == 1) {
            if (value == null || value.isNull()) {
                throw bad(where + ".value", "is required" + (op == Filter.Op.EQ || op == Filter.Op.NE ? " (isNull and isNotNull test for null)" : ""));
            }
            values.add(scalar(value, where + ".value"));
        } else {
            if (value == null || !value.isArray() || value.isEmpty()) throw bad(where + ".value", "in takes an array of at least one value");
            for (int i = 0; i < value.size(); i++) {
                JsonNode v = value.get(i);
                if (v.isNull()) throw bad(where + ".value[" + i + "]", "is null: in matches values, isNull tests for null");
                values.add(scalar(v, where + ".value[" + i + "]"));
            }
        }
        return new Filter.Condition(column.asText().trim(), op, values);
    }

    private static Object scalar(JsonNode v, String where) {
        if (!v.isValueNode()) throw bad(where, "must be a string, a number or true/false");
        try {
            return Json.value(v);
        } catch (IllegalArgumentException e) {
            throw bad(where, e.getMessage());
        }
    }

    private static String names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return String.join(", ", out);
    }

    private static ApiException bad(String field, String message) {
        return ApiException.badRequest(field, field + " " + message);
    }
}
