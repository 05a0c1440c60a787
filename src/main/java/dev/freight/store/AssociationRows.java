package dev.freight.store;

import dev.freight.engine.PlannedChunk;
import dev.freight.ingest.AssociationChange;
import dev.freight.ingest.MappedRow;
import dev.freight.job.Outcome;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links between object records: rows of the workspace's {@code freight_associations} table
 * ({@code object_type, object_id, associated_type, associated_id}), made by the association
 * changes an input row carries. The associated records are looked up before the chunk is planned
 * (a missing one fails its row, which is then not written at all); the links are written after
 * the chunk's rows, in the same transaction, for the rows that applied.
 */
final class AssociationRows {
    static final String TABLE = "freight_associations";
    private static final int BATCH = 500;

    private final SqlDialect dialect;

    AssociationRows(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** The table and its reverse index, created once per workspace with its first object type that declares associations. */
    List<String> ddl(String workspace) {
        String ref = dialect.tableRef(workspace, TABLE);
        String text = dialect.columnType(Column.of("t", ColumnType.TEXT));
        String number = dialect.columnType(Column.of("n", ColumnType.INTEGER));
        String index = dialect.kind() == StoreKind.POSTGRESQL ? dialect.quote(TABLE + "_reverse")
                : dialect.tableRef(workspace, TABLE + "_reverse");
        return List.of("CREATE TABLE IF NOT EXISTS " + ref + " (object_type " + text + " NOT NULL, object_id " + number + " NOT NULL, "
                        + "associated_type " + text + " NOT NULL, associated_id " + number + " NOT NULL, "
                        + "PRIMARY KEY (object_type, object_id, associated_type, associated_id))",
                "CREATE INDEX IF NOT EXISTS " + index + " ON " + ref + " (associated_type, associated_id)");
    }

    /** Deletes every link of an object type, both ways (it is being dropped); nothing when the workspace has no links table. */
    void forget(Connection c, String workspace, String type) throws SQLException {
        if (!exists(c, workspace)) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + dialect.tableRef(workspace, TABLE)
                + " WHERE object_type = ? OR associated_type = ?")) {
            ps.setString(1, type);
            ps.setString(2, type);
            ps.executeUpdate();
        }
    }

    private boolean exists(Connection c, String workspace) throws SQLException {
        Savepoint sp = dialect.kind() == StoreKind.POSTGRESQL ? c.setSavepoint() : null;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + dialect.tableRef(workspace, TABLE) + " WHERE 1 = 0")) {
            ps.executeQuery().close();
            if (sp != null) c.releaseSavepoint(sp);
            return true;
        } catch (SQLException e) {
            if (sp != null) c.rollback(sp);
            return false;
        }
    }

    /** One link or unlink of a row, its associated record found. */
    record Target(String type, long id, boolean link) {}

    /** The chunk's rows (those whose associated record is missing now failing) and each row's targets by position. */
    record Resolved(List<MappedRow> rows, Map<Integer, List<Target>> targets) {
        static final Resolved NONE = new Resolved(null, Map.of());
    }

    /** Finds every associated record the rows name, on {@code c}; a row naming a missing one fails. */
    Resolved resolve(Connection c, Table table, List<MappedRow> rows) throws SQLException {
        // (type, column) -> the values named, then -> the ids found
        Map<List<String>, Set<String>> wanted = new LinkedHashMap<>();
        for (MappedRow r : rows) {
            if (r.error() != null) continue;
            for (AssociationChange a : r.associations()) wanted.computeIfAbsent(List.of(a.type(), a.column()), k -> new LinkedHashSet<>()).add(a.value());
        }
        if (wanted.isEmpty()) return new Resolved(rows, Map.of());
        Map<List<String>, Map<String, Long>> found = new HashMap<>();
        Map<String, String> missingTypes = new HashMap<>();
        for (Map.Entry<List<String>, Set<String>> e : wanted.entrySet()) {
            String type = e.getKey().get(0);
            String column = e.getKey().get(1);
            if (!column.equals("id") && !column.equals("ext_id")) continue; // fails the rows below
            try {
                found.put(e.getKey(), ids(c, table.workspace(), type, column, new ArrayList<>(e.getValue())));
            } catch (SQLException ex) {
                missingTypes.put(type, "object type " + type + " does not exist");
            }
        }
        List<MappedRow> out = new ArrayList<>(rows);
        Map<Integer, List<Target>> targets = new HashMap<>();
        for (int pos = 0; pos < rows.size(); pos++) {
            MappedRow r = rows.get(pos);
            if (r.error() != null || r.associations().isEmpty()) continue;
            List<Target> t = new ArrayList<>(r.associations().size());
            String error = null;
            for (AssociationChange a : r.associations()) {
                if (!a.column().equals("id") && !a.column().equals("ext_id")) {
                    error = "an associated " + a.type() + " record is named by its id or ext_id, not by " + a.column();
                } else if (missingTypes.containsKey(a.type())) {
                    error = missingTypes.get(a.type());
                } else {
                    Long id = found.get(List.of(a.type(), a.column())).get(a.value());
                    if (id == null) error = a.type() + " record with " + a.column() + " " + a.value() + " does not exist";
                    else t.add(new Target(a.type(), id, a.link()));
                }
                if (error != null) break;
            }
            if (error != null) out.set(pos, r.failing(error));
            else targets.put(pos, t);
        }
        return new Resolved(out, targets);
    }

    /** {@code column} value -> id of the records of {@code type} that have one of {@code values}. */
    private Map<String, Long> ids(Connection c, String workspace, String type, String column, List<String> values) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        boolean byId = column.equals("id");
        Savepoint sp = dialect.kind() == StoreKind.POSTGRESQL ? c.setSavepoint() : null; // a missing table must not end the transaction
        try {
            for (int from = 0; from < values.size(); from += BATCH) {
                List<String> batch = values.subList(from, Math.min(values.size(), from + BATCH));
                List<Object> binds = new ArrayList<>();
                for (String v : batch) {
                    if (!byId) binds.add(v);
                    else if (v.matches("-?[0-9]{1,18}")) binds.add(Long.parseLong(v));
                }
                if (binds.isEmpty()) continue;
                String q = "SELECT id, " + dialect.quote(column) + " FROM " + dialect.tableRef(workspace, type) + " WHERE "
                        + dialect.quote(column) + " IN (" + "?, ".repeat(binds.size() - 1) + "?)";
                try (PreparedStatement ps = c.prepareStatement(q)) {
                    for (int i = 0; i < binds.size(); i++) ps.setObject(i + 1, binds.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.put(byId ? Long.toString(rs.getLong(1)) : rs.getString(2), rs.getLong(1));
                    }
                }
            }
            if (sp != null) c.releaseSavepoint(sp);
        } catch (SQLException e) {
            if (sp != null) c.rollback(sp);
            throw e;
        }
        return out;
    }

    /**
     * Writes the links of the rows that applied, in each row's order; a row left unchanged whose
     * links changed counts as updated.
     */
    void apply(Connection c, Table table, PlannedChunk planned, Resolved resolved) throws SQLException {
        if (resolved.targets().isEmpty()) return;
        String ref = dialect.tableRef(table.workspace(), TABLE);
        int idCol = table.columnIndex("id");
        try (PreparedStatement link = c.prepareStatement("INSERT INTO " + ref
                + " (object_type, object_id, associated_type, associated_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement unlink = c.prepareStatement("DELETE FROM " + ref + " WHERE (object_type = ? AND object_id = ?"
                     + " AND associated_type = ? AND associated_id = ?) OR (associated_type = ? AND associated_id = ?"
                     + " AND object_type = ? AND object_id = ?)")) {
            for (Map.Entry<Integer, List<Target>> e : resolved.targets().entrySet()) {
                int pos = e.getKey();
                Outcome[] outcomes = planned.result().outcomes();
                Outcome o = outcomes[pos];
                Object[] row = planned.planner().appliedRow(pos);
                if (o == Outcome.FAILED || o == Outcome.DELETED || row == null || idCol < 0 || !(row[idCol] instanceof Number n)) continue;
                long self = n.longValue();
                int changed = 0;
                for (Target t : e.getValue()) {
                    PreparedStatement ps = t.link() ? link : unlink;
                    ps.setString(1, table.name());
                    ps.setLong(2, self);
                    ps.setString(3, t.type());
                    ps.setLong(4, t.id());
                    if (!t.link()) {
                        ps.setString(5, table.name());
                        ps.setLong(6, self);
                        ps.setString(7, t.type());
                        ps.setLong(8, t.id());
                    }
                    changed += ps.executeUpdate();
                }
                if (changed > 0 && o == Outcome.UNCHANGED) outcomes[pos] = Outcome.UPDATED;
            }
        }
    }
}
