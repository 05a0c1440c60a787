package dev.freight.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lines of the CSV exports (records, and the results with their original rows): RFC 4180 quoting,
 * and by default OWASP's rule against formula injection. A spreadsheet runs a cell that begins
 * with {@code = + - @}, a tab or a carriage return as a formula, so such a cell gets a leading
 * {@code '}, which spreadsheets show as text; a plain number ({@code -12.5}, {@code +3}) is left as
 * it is, since it runs nothing. {@code csvEscape=false} gives every cell as stored.
 */
final class CsvLines {
    static final String OPTION = "csvEscape";
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final boolean escapeFormulas;

    private CsvLines(boolean escapeFormulas) {
        this.escapeFormulas = escapeFormulas;
    }

    /** The lines a request asks for: {@code ?csvEscape=false} turns the formula escape off. */
    static CsvLines of(Context ctx) {
        return new CsvLines(ImportRoutes.bool(ctx, OPTION, true));
    }

    void write(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) w.write(',');
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (escapeFormulas && runsAsFormula(f)) f = "'" + f;
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                w.write('"');
                w.write(f.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(f);
            }
        }
        w.write("\r\n");
    }

    static boolean runsAsFormula(String cell) {
        if (cell.isEmpty()) return false;
        return switch (cell.charAt(0)) {
            case '=', '@', '\t', '\r' -> true;
            case '+', '-' -> !NUMBER.matcher(cell).matches();
            default -> false;
        };
    }
}
