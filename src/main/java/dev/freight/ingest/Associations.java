package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a row's {@link RowMapper#ASSOCIATIONS_FIELD}: {@code [{"type": "company", "action": "link",
 * "key": {"ext_id": "acme"}}, …]} ({@code action} defaults to link). Whether the associated
 * record exists is the store's to find out, in the row's transaction.
 */
final class Associations {
    private Associations() {}

    /** The changes; {@link IllegalArgumentException} with the row's error for a malformed list or an undeclared type. */
    static List<AssociationChange> parse(Table table, Object raw) {
        JsonNode list;
        try {
            list = raw instanceof JsonText t ? Json.MAPPER.readTree(t.json()) : null;
        } catch (JsonProcessingException e) {
            list = null;
        }
        String f = RowMapper.ASSOCIATIONS_FIELD;
        if (list == null || !list.isArray()) throw new IllegalArgumentException(f + " must be an array of {type, action, key}");
        List<AssociationChange> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = f + "[" + i + "]";
            JsonNode a = list.get(i);
            String type = a.isObject() && a.path("type").isTextual() ? a.get("type").asText() : null;
            if (type == null) throw new IllegalArgumentException(at + ".type is required: the associated object type");
            if (!table.associations().contains(type)) {
                throw new IllegalArgumentException("object type " + table.name() + " has no association with " + type
                        + (table.associations().isEmpty() ? "" : " (its associations: " + String.join(", ", table.associations()) + ")"));
            }
            JsonNode action = a.get("action");
            boolean link;
            if (action == null || action.isNull() || action.asText().equals("link")) link = true;
            else if (action.asText().equals("unlink")) link = false;
            else throw new IllegalArgumentException(at + ".action must be link or unlink");
            JsonNode key = a.get("key");
            if (key == null || !key.isObject() || key.size() != 1) {
                throw new IllegalArgumentException(at + ".key must name one identifying column of " + type + " and its value");
            }
            Map.Entry<String, JsonNode> k = key.properties().iterator().next();
            JsonNode v = k.getValue();
            if (!v.isTextual() && !v.isIntegralNumber()) throw new IllegalArgumentException(at + ".key." + k.getKey() + " must be text or a whole number");
            out.add(new AssociationChange(type, link, k.getKey(), v.asText()));
        }
        return out;
    }
}
