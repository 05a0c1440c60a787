package dev.freight.store;

import dev.freight.ingest.JsonText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Rows in PostgreSQL's COPY text format: tab between fields, newline after each row, NULL as
 * {@code \N}, and backslash, tab, newline and carriage return escaped inside values. Values are
 * written in the server's input syntax for their type (ISO dates, plain decimals, t/f).
 *
 * <p>Hot path: one call per value of every staged row; it appends to one reused buffer and never
 * allocates per value except for the text form of non-string values.
 */
final class CopyText {
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private boolean rowStart = true;

    /** Appends one field. */
    CopyText value(Object v) {
        if (!rowStart) sb.append('\t');
        rowStart = false;
        if (v == null || v == Values.ABSENT) {
            sb.append("\\N");
        } else if (v instanceof String s) {
            escaped(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            sb.append(v);
        } else if (v instanceof Boolean b) {
            sb.append(b ? 't' : 'f');
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (v instanceof LocalDate d) {
            sb.append(d);
        } else if (v instanceof JsonText j) {
            escaped(j.json());
        } else {
            // date-times (ISO with 'Z' for timestamptz), UUIDs
            escaped(Values.text(v));
        }
        return this;
    }

    /** Ends the current row. */
    CopyText endRow() {
        sb.append('\n');
        rowStart = true;
        return this;
    }

    /** Sends the rows with {@code COPY … FROM STDIN} ({@code sql}); returns the rows copied. */
    long copyIn(java.sql.Connection c, String sql) throws java.sql.SQLException {
        byte[] data = bytes();
        org.postgresql.copy.CopyIn in = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            in.writeToCopy(data, 0, data.length);
            return in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    boolean isEmpty() {
        return sb.isEmpty();
    }

    byte[] bytes() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void escaped(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !special(s.charAt(i))) i++;
        sb.append(s, 0, i); // most values need no escaping: copy them whole
        for (; i < n; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }

    private static boolean special(char ch) {
        return ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r';
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
