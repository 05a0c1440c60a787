package dev.freight.store.postgres;

import dev.freight.engine.Clashes;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Names;
import dev.freight.store.Catalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Discovery on PostgreSQL from pg_catalog, whoever created the table: columns with their types
 * mapped to Freight's (a type Freight cannot handle is reported, never guessed), NOT NULL,
 * defaults, the primary key and unique indexes in their column order. Read afresh on every call,
 * so a column added with ALTER TABLE is seen by the next job.
 */
public final class PostgresCatalog implements Catalog {
    private static final String TABLE_NAMES = """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY c.relname COLLATE "C"
            """;

    private static final String TABLE_OID = """
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""";

    // a domain is read as its base type (one level, the common case); typmod is the one in force
    private static final String COLUMNS = """
            SELECT a.attname, a.attnotnull, a.attidentity, a.attgenerated,
                   bt.typname, bt.typcategory, bt.typtype,
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,
                   format_type(a.atttypid, a.atttypmod) AS declared,
                   pg_get_expr(d.adbin, d.adrelid) AS default_expr
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";

    // unique indexes usable as a match key: valid, not partial, on plain columns (INCLUDE columns left out)
    private static final String KEYS = """
            SELECT i.indisprimary, ic.relname,
                   array_agg(a.attname::text ORDER BY k.ord) AS columns
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = ?::oid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
              AND k.ord <= i.indnkeyatts
            GROUP BY i.indisprimary, ic.relname
            ORDER BY i.indisprimary DESC, ic.relname""";

    @Override
    public List<String> tableNames(Connection c, String workspace) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TABLE_NAMES)) {
            ps.setString(1, PostgresDialect.schemaOf(workspace));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (Names.isValid(rs.getString(1))) out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<PhysicalTable> describe(Connection c, String workspace, String table) throws SQLException {
        Optional<Long> oid = oid(c, PostgresDialect.schemaOf(workspace), table);
        if (oid.isEmpty()) return Optional.empty();
        List<Column> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setLong(1, oid.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) column(rs, columns, problems);
            }
        }
        Set<String> usable = new HashSet<>();
        for (Column col : columns) usable.add(col.name());
        List<String> primaryKey = List.of();
        List<List<String>> uniques = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(KEYS)) {
            ps.setLong(1, oid.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = List.of((String[]) rs.getArray("columns").getArray());
                    boolean primary = rs.getBoolean("indisprimary");
                    if (!usable.containsAll(cols)) {
                        problems.add((primary ? "the primary key" : "unique index " + rs.getString("relname")) + " ("
                                + String.join(", ", cols) + ") uses a column Freight cannot handle; it cannot be a match key");
                    } else if (primary) {
                        primaryKey = cols;
                    } else if (!uniques.contains(cols)) {
                        uniques.add(cols);
                    }
                }
            }
        }
        return Optional.of(new PhysicalTable(table, columns, primaryKey, uniques, problems));
    }

    @Override
    public Optional<String> nameClash(Connection c, String workspace, String table) throws SQLException {
        // every relation of a schema (tables, views, indexes, sequences) shares its names
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND lower(c.relname) = lower(?)
                ORDER BY c.relname = ? DESC LIMIT 1""")) {
            ps.setString(1, PostgresDialect.schemaOf(workspace));
            ps.setString(2, table);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Clashes.sameWorkspace(table, rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static Optional<Long> oid(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TABLE_OID)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Adds the column of the current row to {@code columns}, or says why it cannot be used. */
    private static void column(ResultSet rs, List<Column> columns, List<String> problems) throws SQLException {
        String name = rs.getString("attname");
        String declared = rs.getString("declared");
        if (!Names.isValid(name)) {
            problems.add("column '" + name + "' has a name Freight cannot use (letters, digits and _ only)");
            return;
        }
        ColumnType type = "A".equals(rs.getString("typcategory")) ? null : typeOf(rs.getString("typname"));
        if (type == null) {
            problems.add("column " + name + " has type " + declared + ", which Freight cannot import into"
                    + (rs.getBoolean("attnotnull") && rs.getString("default_expr") == null
                    ? " (it is NOT NULL without a default, so no row can be inserted)" : ""));
            return;
        }
        Integer precision = null;
        Integer scale = null;
        int typmod = rs.getInt("typmod");
        if ("numeric".equals(rs.getString("typname")) && typmod >= 4) {
            precision = ((typmod - 4) >> 16) & 0xffff;
            scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024; // PostgreSQL 15 allows a negative scale
        }
        String identity = rs.getString("attidentity");
        String generated = rs.getString("attgenerated");
        boolean isGenerated = generated != null && !generated.isEmpty();
        String dflt = rs.getString("default_expr");
        if (identity != null && !identity.isEmpty()) dflt = "identity"; // the database numbers the row
        // a generated column is computed by the database: readable, never written
        columns.add(new Column(name, type, !rs.getBoolean("attnotnull"), isGenerated ? dflt : DefaultValues.parse(dflt),
                precision, scale, !isGenerated, false, ColumnRole.NONE, List.of()));
    }

    /** PostgreSQL base types Freight reads and writes without loss; null for the others. */
    static ColumnType typeOf(String typname) {
        return switch (typname) {
            case "int2", "int4", "int8" -> ColumnType.INTEGER;
            case "numeric", "float4", "float8" -> ColumnType.DECIMAL;
            case "text", "varchar", "bpchar" -> ColumnType.TEXT;
            case "bool" -> ColumnType.BOOLEAN;
            case "date" -> ColumnType.DATE;
            case "timestamp" -> ColumnType.TIMESTAMP;
            case "timestamptz" -> ColumnType.TIMESTAMPTZ;
            case "uuid" -> ColumnType.UUID;
            case "json", "jsonb" -> ColumnType.JSON;
            default -> null;
        };
    }

    /** Column defaults as pg_get_expr prints them, turned into Freight's canonical text where they are constants. */
    static final class DefaultValues {
        private static final Pattern QUOTED =
                Pattern.compile("'((?:[^']|'')*)'(?:::[a-z][a-z0-9 _\"().,\\[\\]]*)?", Pattern.DOTALL);
        private static final Pattern NUMBER = Pattern.compile("\\(?(-?\\d+(?:\\.\\d+)?)\\)?(?:::[a-z ]+)?");

        private DefaultValues() {}

        /**
         * {@code 'abc'::text} → {@code abc}, {@code 42} → {@code 42}, {@code NULL::text} → null;
         * an expression ({@code now()}, {@code nextval(...)}) stays as written: the database
         * evaluates it on insert, and Freight only needs to know that there is a default.
         */
        static String parse(String expr) {
            if (expr == null) return null;
            String e = expr.trim();
            if (e.regionMatches(true, 0, "NULL", 0, 4) && (e.length() == 4 || e.startsWith("::", 4))) return null;
            var q = QUOTED.matcher(e);
            if (q.matches()) return q.group(1).replace("''", "'");
            var n = NUMBER.matcher(e);
            if (n.matches()) return n.group(1);
            if (e.equals("true") || e.equals("false")) return e;
            return e;
        }
    }
}
