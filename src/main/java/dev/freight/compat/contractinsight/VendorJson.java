package dev.freight.compat.contractinsight;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Reading the vendor's JSON: property names in any case, values as the engine's raw input values. */
final class VendorJson {
    private static final int SHOWN = 60;

    private VendorJson() {}

    /** The property {@code name} of {@code n}, matched exactly first, then in any case; null when absent. */
    static JsonNode field(JsonNode n, String name) {
        JsonNode exact = n.get(name);
        if (exact != null) return exact;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    /** A scalar as a String, Long, BigDecimal or Boolean; null for anything else; a 400 for a number past a double's range. */
    static Object scalar(JsonNode v) {
        if (!v.isValueNode() || v.isNull()) return null;
        try {
            return dev.freight.Json.value(v);
        } catch (IllegalArgumentException e) {
            throw CiError.badRequest(e.getMessage()); // 1e999 read as a double: Infinity
        }
    }

    /** A value as a message may quote it: short. */
    static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN) + "…";
    }
}
