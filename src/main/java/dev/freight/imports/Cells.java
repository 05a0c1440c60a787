package dev.freight.imports;

import dev.freight.engine.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stored value as an adapter gives it back: in JSON, or as CSV text (the store's one rendering). */
public final class Cells {
    private Cells() {}

    /** Numbers and booleans stay, date-times become ISO-8601 strings, JSON values stay JSON. */
    public static Object json(Object v) {
        return Values.json(v);
    }

    /** Rows of stored values as JSON gives them back, each column in its order. */
    public static List<Map<String, Object>> jsonRows(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            row.forEach((k, v) -> m.put(k, json(v)));
            out.add(m);
        }
        return out;
    }

    /** The text form: "" for NULL. */
    public static String text(Object v) {
        return Values.text(v);
    }
}
