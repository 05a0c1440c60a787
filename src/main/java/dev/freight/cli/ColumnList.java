package dev.freight.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freight.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tables create}'s {@code --columns}: {@code NAME:TYPE} separated by commas, a decimal's
 * precision and scale in parentheses, {@code not null} after a type:
 * {@code id:integer, email:text not null, balance:decimal(12,2)}.
 */
final class ColumnList {
    private static final Pattern COLUMN = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*([A-Za-z]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*(not\\s+null)?",
            Pattern.CASE_INSENSITIVE);

    private ColumnList() {}

    /** The columns as POST /v1/tables takes them; a part that is not NAME:TYPE is an {@link IllegalArgumentException} naming it. */
    static ArrayNode parse(String text) {
        ArrayNode columns = Json.MAPPER.createArrayNode();
        for (String part : split(text)) {
            Matcher m = COLUMN.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--columns: '" + part.trim() + "' is not NAME:TYPE (e.g. id:integer,"
                        + " email:text not null, balance:decimal(12,2))");
            }
            ObjectNode c = columns.addObject().put("name", m.group(1)).put("type", m.group(2).toLowerCase(Locale.ROOT));
            if (m.group(3) != null) c.put("precision", Integer.parseInt(m.group(3)));
            if (m.group(4) != null) c.put("scale", Integer.parseInt(m.group(4)));
            if (m.group(5) != null) c.put("nullable", false);
        }
        if (columns.isEmpty()) throw new IllegalArgumentException("--columns names no column");
        return columns;
    }

    /** Splits at the commas outside parentheses. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth = Math.max(0, depth - 1);
            else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }
}
