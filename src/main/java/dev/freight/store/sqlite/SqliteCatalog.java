package dev.freight.store.sqlite;

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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/** Discovery on SQLite: sqlite_master and the table_info / index_list pragmas. */
public final class SqliteCatalog implements Catalog {

    @Override
    public List<String> tableNames(Connection c, String workspace) throws SQLException {
        List<String> out = new ArrayList<>();
        String prefix = "default".equals(workspace) ? "" : workspace + ".";
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                String n = rs.getString(1);
                if (n.startsWith("freight_") || n.startsWith("sqlite_")) continue;
                if (prefix.isEmpty() ? n.contains(".") : !n.startsWith(prefix)) continue;
                String local = n.substring(prefix.length());
                if (Names.isValid(local)) out.add(local);
            }
        }
        return out;
    }

    @Override
    public Optional<PhysicalTable> describe(Connection c, String workspace, String table) throws SQLException {
        String physical = SqliteDialect.physicalName(workspace, table);
        if (!exists(c, physical)) return Optional.empty();
        List<Column> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TreeMap<Integer, String> pk = new TreeMap<>();
        // the name was validated (Names) before it reached here, so quoting it is safe
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA table_info(\"" + physical + "\")")) {
            while (rs.next()) {
                String name = rs.getString("name");
                String declared = rs.getString("type");
                boolean notNull = rs.getInt("notnull") != 0;
                String dflt = rs.getString("dflt_value");
                int pkPos = rs.getInt("pk");
                if (!Names.isValid(name)) {
                    problems.add("column '" + name + "' has a name Freight cannot use (letters, digits and _ only)");
                    continue;
                }
                ColumnType type = typeOf(declared);
                if (type == null) {
                    problems.add("column " + name + " has type " + declared + ", which Freight cannot import into");
                    continue;
                }
                Integer[] ps = precisionScale(declared);
                columns.add(new Column(name, type, !notNull && pkPos == 0, unquote(dflt), ps[0], ps[1], true,
                        false, ColumnRole.NONE, List.of()));
                if (pkPos > 0) pk.put(pkPos, name);
            }
        }
        List<List<String>> uniques = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA index_list(\"" + physical + "\")")) {
            while (rs.next()) {
                if (rs.getInt("unique") == 1 && !"pk".equals(rs.getString("origin"))) indexes.add(rs.getString("name"));
            }
        }
        for (String idx : indexes) {
            List<String> cols = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_index_info(?) ORDER BY seqno")) {
                ps.setString(1, idx);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) cols.add(rs.getString(1));
                }
            }
            if (!cols.isEmpty() && !cols.contains(null)) uniques.add(cols);
        }
        return Optional.of(new PhysicalTable(table, columns, new ArrayList<>(pk.values()), uniques, problems));
    }

    @Override
    public Optional<String> nameClash(Connection c, String workspace, String table) throws SQLException {
        // tables, views and indexes share one namespace, and SQLite folds ASCII case in every name
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'index') AND lower(name) = lower(?)")) {
            ps.setString(1, SqliteDialect.physicalName(workspace, table));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String taken = rs.getString(1);
                String mine = SqliteDialect.physicalName(workspace, "");
                if (taken.startsWith(mine) && Names.isValid(taken.substring(mine.length()))) {
                    return Optional.of(Clashes.sameWorkspace(table, taken.substring(mine.length())));
                }
                // another workspace whose name differs only in case: say so without naming it
                return Optional.of("table " + table + " cannot be created: the database already holds a table of that"
                        + " name in another case, and it does not tell names apart by case");
            }
        }
    }

    private static boolean exists(Connection c, String physical) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, physical);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** SQLite's declared type names, mapped the way its affinity rules read them. */
    static ColumnType typeOf(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT).trim();
        if (t.startsWith("TIMESTAMPTZ") || t.contains("WITH TIME ZONE")) return ColumnType.TIMESTAMPTZ;
        if (t.startsWith("TIMESTAMP") || t.startsWith("DATETIME")) return ColumnType.TIMESTAMP;
        if (t.equals("DATE")) return ColumnType.DATE;
        if (t.startsWith("BOOL")) return ColumnType.BOOLEAN;
        if (t.equals("UUID")) return ColumnType.UUID;
        if (t.startsWith("JSON")) return ColumnType.JSON;
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) return ColumnType.DECIMAL;
        if (t.contains("INT")) return ColumnType.INTEGER;
        if (t.isEmpty() || t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) return ColumnType.TEXT;
        if (t.contains("BLOB")) return null;
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC") || t.contains("REAL") || t.contains("FLOA")
                || t.contains("DOUB")) return ColumnType.DECIMAL;
        return null;
    }

    private static Integer[] precisionScale(String declared) {
        if (declared == null) return new Integer[] {null, null};
        var m = java.util.regex.Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)").matcher(declared);
        if (!m.find() || typeOf(declared) != ColumnType.DECIMAL) return new Integer[] {null, null};
        return new Integer[] {Integer.valueOf(m.group(1)), m.group(2) == null ? 0 : Integer.valueOf(m.group(2))};
    }

    private static String unquote(String dflt) {
        if (dflt == null) return null;
        if (dflt.length() >= 2 && dflt.startsWith("'") && dflt.endsWith("'")) {
            return dflt.substring(1, dflt.length() - 1).replace("''", "'");
        }
        return "NULL".equalsIgnoreCase(dflt) ? null : dflt;
    }
}
