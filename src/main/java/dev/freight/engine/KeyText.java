package dev.freight.engine;

import dev.freight.ingest.MappedRow;
import dev.freight.schema.Table;
import java.util.List;

/** A table's key written out for people: in messages ({@code (id)=(17)}) and as each row's result key (JSON). */
final class KeyText {
    private final Table table;
    private final int[] keyIdx;
    /** With a one-column key: {@code {"name":"}, what every key's JSON starts with. */
    private final String singlePrefix;

    KeyText(Table table, int[] keyIdx) {
        this.table = table;
        this.keyIdx = keyIdx;
        this.singlePrefix = keyIdx.length == 1
                ? jsonString(new StringBuilder("{"), table.columns().get(keyIdx[0]).name()).append(":\"").toString()
                : null;
    }

    /** {@code (a, b)=(1, x)}, as PostgreSQL names a key in its messages. */
    String describe(List<Object> key) {
        StringBuilder names = new StringBuilder("(");
        StringBuilder vals = new StringBuilder("(");
        for (int i = 0; i < keyIdx.length; i++) {
            if (i > 0) {
                names.append(", ");
                vals.append(", ");
            }
            names.append(table.columns().get(keyIdx[i]).name());
            vals.append(Values.text(key.get(i)));
        }
        return names.append(")=").append(vals).append(")").toString();
    }

    /** The row's key as JSON text for its result, e.g. {"id":"17"}; null without a key. */
    String json(Object[] values) {
        if (keyIdx.length == 0 || values == null) return null;
        if (keyIdx.length == 1) {
            // the usual key, one column: one concatenation, no builder (this runs once per row)
            Object v = values[keyIdx[0]];
            if (v == null || v == MappedRow.ABSENT) return null;
            if (v instanceof Long n) return singlePrefix + n + "\"}";
            if (v instanceof String s && plain(s)) return singlePrefix + s + "\"}";
        }
        // written by hand: this runs once per row, and a JSON library call costs more than the rest of planning
        StringBuilder sb = new StringBuilder(24).append('{');
        for (int n = 0; n < keyIdx.length; n++) {
            Object v = values[keyIdx[n]];
            if (v == null || v == MappedRow.ABSENT) return null;
            if (n > 0) sb.append(',');
            jsonString(sb, table.columns().get(keyIdx[n]).name()).append(':');
            jsonString(sb, Values.text(v));
        }
        return sb.append('}').toString();
    }

    /** True when {@code s} is its own JSON string body: nothing to escape. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == '"' || ch == '\\') return false;
        }
        return true;
    }

    private static StringBuilder jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"');
    }
}
