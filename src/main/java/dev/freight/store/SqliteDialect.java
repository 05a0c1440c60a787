package dev.freight.store;

import dev.freight.ingest.JsonText;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Names;
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
final class SqliteDialect implements SqlDialect {
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
        Object raw = rs.getObject(i);
        if (raw == null) return null;
        String s = raw.toString();
        try {
            return switch (c.type()) {
                case TEXT -> s;
                case INTEGER -> raw instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(s);
                case DECIMAL -> {
                    BigDecimal d = raw instanceof Double x ? BigDecimal.valueOf(x) : new BigDecimal(s);
                    yield c.scale() != null ? d.setScale(c.scale(), java.math.RoundingMode.HALF_UP) : d;
                }
                case BOOLEAN -> raw instanceof Number n ? n.longValue() != 0 : Boolean.valueOf(
                        s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("t"));
                case DATE -> LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
                case TIMESTAMP -> LocalDateTime.parse(s, LOCAL_READ);
                case TIMESTAMPTZ -> s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")
                        ? OffsetDateTime.parse(s.replace(' ', 'T')).withOffsetSameInstant(ZoneOffset.UTC)
                        : LocalDateTime.parse(s, LOCAL_READ).atOffset(ZoneOffset.UTC);
                case UUID -> java.util.UUID.fromString(s);
                case JSON -> new JsonText(s);
            };
        } catch (RuntimeException e) {
            // a value another tool stored that does not fit the declared type: show it as it is
            return s;
        }
    }
}
