package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's failed rows, from {@code GET /v1/jobs/{id}/results?outcome=failed}: named by their line
 * and index (docs/api.md#row-numbers), with the column and the reason, for the summary and
 * for {@code --failed-out}.
 */
final class FailedRows {
    static final List<String> CSV_HEADER = List.of("line", "index", "column", "reason", "key");
    private static final Pattern COLUMN = Pattern.compile("^column (\\S+): (.*)$", Pattern.DOTALL);
    private static final int PAGE = 1000;

    /** One failed row: {@code line} 0 when the body has no lines for it (a JSON array of old results). */
    record Row(long index, long line, String column, String reason, String key) {
        static Row of(JsonNode r) {
            String error = r.path("error").asText("");
            String column = r.path("column").asText("");
            String reason = error;
            Matcher m = COLUMN.matcher(error);
            if (column.isEmpty() && m.matches()) {
                column = m.group(1);
                reason = m.group(2);
            }
            List<String> key = new ArrayList<>();
            JsonNode k = r.get("key");
            if (k != null && k.isObject()) {
                for (Map.Entry<String, JsonNode> e : k.properties()) key.add(e.getKey() + "=" + e.getValue().asText());
            }
            return new Row(r.get("index").asLong(), r.path("line").asLong(0), column, reason, String.join("; ", key));
        }

        /** {@code line 3 (index 1)}, or {@code index 1} without a line. */
        String place() {
            return line > 0 ? "line " + line + " (index " + index + ")" : "index " + index;
        }

        /** As the summary prints it: {@code line 3 (index 1): column age: 'old' is not an integer}. */
        String text() {
            return place() + ": " + (column.isEmpty() ? "" : "column " + column + ": ") + reason;
        }
    }

    private FailedRows() {}

    /** The first {@code limit} failed rows. */
    static List<Row> first(ApiClient api, String jobId, int limit) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : api.get("/v1/jobs/" + jobId + "/results?outcome=failed&limit=" + limit).get("items")) rows.add(Row.of(r));
        return rows;
    }

    /** Every failed row as CSV into {@code file} (a header and no rows when none failed); returns how many. */
    static long write(ApiClient api, String jobId, Path file) throws IOException {
        long n = 0;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            line(w, CSV_HEADER);
            String after = null;
            do {
                JsonNode page = api.get("/v1/jobs/" + jobId + "/results?outcome=failed&limit=" + PAGE
                        + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, StandardCharsets.UTF_8)));
                for (JsonNode r : page.get("items")) {
                    Row row = Row.of(r);
                    line(w, List.of(row.line() > 0 ? Long.toString(row.line()) : "", Long.toString(row.index()), row.column(),
                            row.reason(), row.key()));
                    n++;
                }
                after = page.path("next").isTextual() ? page.get("next").asText() : null;
            } while (after != null);
        }
        return n;
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) w.write(',');
            w.write(cell(cells.get(i)));
        }
        w.write("\r\n");
    }

    /**
     * RFC 4180 quoting, and, as Freight's own CSV exports do, a leading {@code '} on a cell a
     * spreadsheet would run as a formula (a key value such as {@code =HYPERLINK(…)}).
     */
    static String cell(String v) {
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !s.matches("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) s = "'" + s;
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
