package dev.freight.store.postgres;

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
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL: a workspace is a schema ({@code default} → {@code public}); Freight's own tables
 * live in schema {@code freight}. Values are bound with their native JDBC types, so the server
 * checks ranges and formats exactly as it would for any client.
 */
public final class PostgresDialect implements SqlDialect {
    /** Schemas a workspace may not map to: Freight's own, PostgreSQL's, and {@code public} (that is default). */
    private static final Set<String> RESERVED = Set.of("freight", "public", "information_schema");

    @Override
    public StoreKind kind() {
        return StoreKind.POSTGRESQL;
    }

    /** The schema of a workspace; throws for a name that would reach a schema that is not a workspace's. */
    static String schemaOf(String workspace) {
        Names.require("workspace", workspace);
        if ("default".equals(workspace)) return "public";
        if (RESERVED.contains(workspace) || workspace.startsWith("pg_")) {
            throw new IllegalArgumentException("workspace name '" + workspace + "' is reserved on PostgreSQL");
        }
        return workspace;
    }

    @Override
    public String physicalOrder() {
        return "ctid";
    }

    @Override
    public String tableRef(String workspace, String table) {
        return quote(schemaOf(workspace)) + "." + quote(table);
    }

    @Override
    public String metaTable(String name) {
        return "freight." + Names.require("table", name);
    }

    @Override
    public List<String> workspaceDdl(String workspace) {
        String schema = schemaOf(workspace);
        return "public".equals(schema) ? List.of() : List.of("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
    }

    @Override
    public void checkWorkspace(String workspace) {
        schemaOf(workspace);
    }

    @Override
    public String columnType(Column c) {
        return switch (c.type()) {
            case TEXT -> "text";
            case INTEGER -> "bigint";
            case DECIMAL -> c.precision() == null ? "numeric"
                    : "numeric(" + c.precision() + "," + (c.scale() == null ? 0 : c.scale()) + ")";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case UUID -> "uuid";
            case JSON -> "jsonb";
        };
    }

    /** Assumes standard_conforming_strings (the default since 9.1): only quotes need doubling. */
    @Override
    public String literal(ColumnType type, String value) {
        if (value == null) return "NULL";
        return switch (type) {
            case BOOLEAN -> Boolean.parseBoolean(value) ? "true" : "false";
            case INTEGER -> Long.toString(Long.parseLong(value));
            case DECIMAL -> new BigDecimal(value).toPlainString();
            default -> "'" + value.replace("'", "''") + "'";
        };
    }

    @Override
    public void bindInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(i, t.atOffset(ZoneOffset.UTC));
    }

    @Override
    public Instant readInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public void bind(PreparedStatement ps, int i, ColumnType type, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, sqlType(type));
            return;
        }
        if (v instanceof String s && type != ColumnType.TEXT) {
            // a key part or filter given as text (page cursors): the server parses it as the column's type
            ps.setObject(i, s, Types.OTHER);
            return;
        }
        switch (type) {
            case TEXT -> ps.setString(i, (String) v);
            case INTEGER -> ps.setLong(i, (Long) v);
            case DECIMAL -> ps.setBigDecimal(i, (BigDecimal) v);
            case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
            case DATE, TIMESTAMP, UUID -> ps.setObject(i, v);
            case TIMESTAMPTZ -> ps.setObject(i, ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC));
            // untyped, so that the server takes it as json or jsonb, whichever the column is
            case JSON -> ps.setObject(i, ((JsonText) v).json(), Types.OTHER);
        }
    }

    private static int sqlType(ColumnType type) {
        return switch (type) {
            case TEXT -> Types.VARCHAR;
            case INTEGER -> Types.BIGINT;
            case DECIMAL -> Types.NUMERIC;
            case BOOLEAN -> Types.BOOLEAN;
            case DATE -> Types.DATE;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMPTZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case UUID, JSON -> Types.OTHER;
        };
    }

    @Override
    public Object read(ResultSet rs, int i, Column c) throws SQLException {
        try {
            Object v = switch (c.type()) {
                case TEXT -> rs.getString(i);
                case INTEGER -> rs.getLong(i);
                case DECIMAL -> rs.getBigDecimal(i);
                case BOOLEAN -> rs.getBoolean(i);
                case DATE -> rs.getObject(i, LocalDate.class);
                case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
                case TIMESTAMPTZ -> {
                    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                    yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
                }
                case UUID -> rs.getObject(i, UUID.class);
                case JSON -> {
                    String s = rs.getString(i);
                    yield s == null ? null : new JsonText(s);
                }
            };
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            // a value Java cannot hold (a float NaN, a date of year 300000): show it as the server prints it
            if (!"22003".equals(e.getSQLState()) && !"22007".equals(e.getSQLState()) && !"22P02".equals(e.getSQLState())) {
                throw e;
            }
            return rs.getString(i);
        }
    }

    /** ILIKE: a filter's {@code Like} ignores case on both stores, as SQLite's LIKE does. */
    @Override
    public String like() {
        return "ILIKE";
    }

    /** SHARE ROW EXCLUSIVE: waits for, and holds off, every INSERT, UPDATE and DELETE of the table and itself; reads go on. */
    @Override
    public String lockForWrite(String tableRef) {
        return "LOCK TABLE " + tableRef + " IN SHARE ROW EXCLUSIVE MODE";
    }
}
