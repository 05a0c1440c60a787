package dev.freight.compat.contractinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.engine.Filter;
import dev.freight.engine.FilterCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * ContractInsight's {@code Clause} (COMPAT.md §3, Freight's reading of it) as an engine
 * {@link Filter}: {@code {"Logic": "And"|"Or", "Conditions": [{"Field", "Operator", "Value"}],
 * "Groups": [clause, …]}}. Values stay as the request gave them; the door types them against the
 * table. Property names are matched in any case, as ContractInsight's .NET binding does.
 */
final class Clause {
    private Clause() {}

    /** The filter of a clause; an absent or null clause is every row. */
    static Filter parse(JsonNode clause) {
        if (clause == null || clause.isNull()) return Filter.ALL;
        return group(clause, "Clause", 0);
    }

    private static Filter group(JsonNode n, String where, int depth) {
        if (!n.isObject()) throw CiError.badRequest(where + " must be an object with Logic, Conditions and Groups");
        if (depth > FilterCheck.MAX_DEPTH) throw CiError.badRequest("Groups nest deeper than " + FilterCheck.MAX_DEPTH + " levels");
        JsonNode logicNode = VendorJson.field(n, "Logic");
        Filter.Logic logic = Filter.Logic.AND;
        if (logicNode != null && !logicNode.isNull()) {
            logic = logicNode.isTextual() ? Filter.Logic.of(logicNode.asText()) : null;
            if (logic == null) throw CiError.badRequest(where + ".Logic must be And or Or, not " + VendorJson.shown(logicNode));
        }
        List<Filter> parts = new ArrayList<>();
        JsonNode conditions = VendorJson.field(n, "Conditions");
        if (conditions != null && !conditions.isNull()) {
            if (!conditions.isArray()) throw CiError.badRequest(where + ".Conditions must be an array");
            for (int i = 0; i < conditions.size(); i++) parts.add(condition(conditions.get(i), where + ".Conditions[" + i + "]"));
        }
        JsonNode groups = VendorJson.field(n, "Groups");
        if (groups != null && !groups.isNull()) {
            if (!groups.isArray()) throw CiError.badRequest(where + ".Groups must be an array");
            for (int i = 0; i < groups.size(); i++) parts.add(group(groups.get(i), where + ".Groups[" + i + "]", depth + 1));
        }
        return new Filter.Group(logic, parts);
    }

    private static Filter condition(JsonNode n, String where) {
        if (!n.isObject()) throw CiError.badRequest(where + " must be an object with Field, Operator and Value");
        JsonNode field = VendorJson.field(n, "Field");
        if (field == null || !field.isTextual() || field.asText().isBlank()) throw CiError.badRequest(where + ".Field must name a field");
        JsonNode opNode = VendorJson.field(n, "Operator");
        if (opNode == null || !opNode.isTextual()) {
            throw CiError.badRequest(where + ".Operator is required: one of = != < <= > >= Like In IsNull IsNotNull");
        }
        Filter.Op op = Filter.Op.of(opNode.asText());
        if (op == null) {
            throw CiError.badRequest(where + ".Operator " + VendorJson.shown(opNode)
                    + " is not an operator: one of = != < <= > >= Like In IsNull IsNotNull");
        }
        JsonNode value = VendorJson.field(n, "Value");
        String name = field.asText().trim();
        List<Object> values = new ArrayList<>();
        switch (op.arity()) {
            case 0 -> {
                if (value != null && !value.isNull()) throw CiError.badRequest(where + ": " + op.word() + " takes no Value");
            }
            case 1 -> {
                if (value == null || value.isNull()) {
                    throw CiError.badRequest(where + ": " + op.word() + " needs a Value" + (op == Filter.Op.EQ || op == Filter.Op.NE
                            ? " (IsNull and IsNotNull test for NULL)" : ""));
                }
                values.add(scalar(value, where + ".Value"));
            }
            default -> {
                if (value == null || !value.isArray() || value.isEmpty()) {
                    throw CiError.badRequest(where + ": In needs a Value that is an array of at least one value");
                }
                for (int i = 0; i < value.size(); i++) {
                    JsonNode v = value.get(i);
                    if (v.isNull()) throw CiError.badRequest(where + ".Value[" + i + "] is null: In matches values, IsNull tests for NULL");
                    values.add(scalar(v, where + ".Value[" + i + "]"));
                }
            }
        }
        return new Filter.Condition(name, op, values);
    }

    private static Object scalar(JsonNode v, String where) {
        Object o = VendorJson.scalar(v);
        if (o == null) throw CiError.badRequest(where + " must be a string, a number or true/false");
        return o;
    }
}
