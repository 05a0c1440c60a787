package dev.freight.store.sqlite;

import dev.freight.engine.Values;
import dev.freight.ingest.JsonText;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Names;
import dev.freight.store.SqlDialect;
import dev.freight.store.StoreKind;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * SQLite: a workspace other than {@code default} is a name prefix ({@code "acme.orders"}):
 * SQLite has no schemas inside one file, and a dot cannot occur in a valid Freight name.
 * Date-times are stored as ISO text, decimals with NUMERIC affinity, booleans as 0/1.
 */
public final class SqliteDialect implements SqlDialect {
    static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").toFormatter().withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL_READ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    /**
     * Reads {@code yyyy-MM-dd HH:mm:ss[.fraction]} (as Freight writes it) by character position:
     * every stored timestamp of every fetched row passes here, and the formatter allocates a
     * map per value. Anything else goes to the formatter.
     */
    static LocalDateTime localDateTime(String s) {
        int n = s.length();
        if (n >= 19 && s.charAt(4) == '-' && s.charAt(7) == '-' && (s.charAt(10) == ' ' || s.charAt(10) == 'T')
                && s.charAt(13) == ':' && s.charAt(16) == ':' && (n == 19 || (s.charAt(19) == '.' && n > 20 && n <= 29))) {
            int nano = 0;
            boolean digits = digitsOk(s);
            for (int i = 20; i < 29 && digits; i++) {
                int d = i < n ? digit(s, i) : 0;
                digits = d >= 0;
                nano = nano * 10 + d;
            }
            if (digits) {
                return LocalDateTime.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10), num(s, 11, 13), num(s, 14, 16),
                        num(s, 17, 19), nano);
            }
        }
        return LocalDateTime.parse(s, LOCAL_READ);
    }

    private static boolean digitsOk(String s) {
        int[] at = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
        for (int i : at) if (digit(s, i) < 0) return false;
        return true;
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    private static int num(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) v = v * 10 + (s.charAt(i) - '0');
        return v;
    }

    @Override
    public StoreKind kind() {
        return StoreKind.SQLITE;
    }

    static String physicalName(String workspace, String table) {
        return "default".equals(workspace) ? table : workspace + "." + table;
    }

    @Override
    public String physicalOrder() {
        return "rowid";
    }

    @Override
    public String tableRef(String workspace, String table) {
        Names.require("workspace", workspace);
        Names.require("table", table);
        return "\"" + physicalName(workspace, table) + "\"";
    }

    @Override
    public String reservation(String table) {
        if (table.regionMatches(true, 0, "sqlite_", 0, 7)) return "names beginning with sqlite_ are kept for SQLite's own tables";
        return SqlDialect.super.reservation(table);
    }

    @Override
    public String metaTable(String name) {
        return "freight_" + name;
    }

    @Override
    public String columnType(Column c) {
        return switch (c.type()) {
            case TEXT -> "TEXT";
            case INTEGER -> "INTEGER";
            // NUMERIC affinity stores a double: exact up to 15 digits. Wider decimals get TEXT
            // affinity (the type name contains TEXT) so that every digit is kept.
            case DECIMAL -> c.precision() == null ? "DECIMAL_TEXT"
                    : (c.precision() <= 15 ? "DECIMAL(" : "DECIMAL_TEXT(") + c.precision() + "," + (c.scale() == null ? 0 : c.scale()) + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMPTZ";
            case UUID -> "UUID";
            case JSON -> "JSON";
        };
    }

    @Override
    public String literal(ColumnType type, String value) {
        if (value == null) return "NULL";
        return switch (type) {
            case BOOLEAN -> Boolean.parseBoolean(value) ? "1" : "0";
            case INTEGER -> Long.toString(Long.parseLong(value));
            case DECIMAL -> new BigDecimal(value).toPlainString();
            default -> "'" + value.replace("'", "''") + "'";
        };
    }

    @Override
    public void bindInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, INSTANT.format(t));
    }

    @Override
    public Instant readInstant(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : Instant.parse(s);
    }

    @Override
    public void bind(PreparedStatement ps, int i, ColumnType type, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
            return;
        }
        switch (type) {
            case INTEGER -> ps.setLong(i, (Long) v);
            case BOOLEAN -> ps.setInt(i, ((Boolean) v) ? 1 : 0);
            case DECIMAL -> ps.setString(i, ((BigDecimal) v).toPlainString());
            default -> ps.setString(i, Values.text(v));
        }
    }

    @Override
    public Object read(ResultSet rs, int i, Column c) throws SQLException {
        Object raw = textual(c.type()) ? text(rs, i) : rs.getObject(i);
        if (raw == null) return null;
        try {
            // numbers come back as numbers: no text form unless the type needs one (this runs per stored value)
            return switch (c.type()) {
                case TEXT -> raw.toString();
                case INTEGER -> raw instanceof Long n ? n : raw instanceof Number n ? Long.valueOf(n.longValue())
                        : Long.valueOf(raw.toString());
                case DECIMAL -> {
                    BigDecimal d = raw instanceof Double x ? BigDecimal.valueOf(x)
                            : raw instanceof Long n ? BigDecimal.valueOf(n)
                            : raw instanceof Integer n ? BigDecimal.valueOf(n) : new BigDecimal(raw.toString());
                    yield c.scale() != null ? d.setScale(c.scale(), java.math.RoundingMode.HALF_UP) : d;
                }
                case BOOLEAN -> raw instanceof Number n ? n.longValue() != 0 : textBoolean(raw.toString());
                case DATE -> {
                    String s = raw.toString();
                    yield LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
                }
                case TIMESTAMP -> localDateTime(raw.toString());
                case TIMESTAMPTZ -> {
                    String s = raw.toString();
                    yield s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")
                            ? OffsetDateTime.parse(s.replace(' ', 'T')).withOffsetSameInstant(ZoneOffset.UTC)
                            : LocalDateTime.parse(s, LOCAL_READ).atOffset(ZoneOffset.UTC);
                }
                case UUID -> java.util.UUID.fromString(raw.toString());
                case JSON -> new JsonText(raw.toString());
            };
        } catch (RuntimeException e) {
            // a value another tool stored that does not fit the declared type: show it as it is
            return raw.toString();
        }
    }

    /** Types SQLite stores as text: read as UTF-8 bytes in one native call, without asking the value's type first. */
    private static boolean textual(ColumnType t) {
        return switch (t) {
            case TEXT, DATE, TIMESTAMP, TIMESTAMPTZ, UUID, JSON -> true;
            case INTEGER, DECIMAL, BOOLEAN -> false;
        };
    }

    /** The value as text (SQLite converts a number another tool stored to its text form); null for NULL. */
    private static String text(ResultSet rs, int i) throws SQLException {
        byte[] b = rs.getBytes(i);
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean textBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("t");
    }

    /** Decimals wider than 15 digits are stored as text: a filter compares them, and the others, as numbers. */
    @Override
    public String compared(Column c, String expr) {
        return c.type() == ColumnType.DECIMAL ? "CAST(" + expr + " AS NUMERIC)" : expr;
    }
}
