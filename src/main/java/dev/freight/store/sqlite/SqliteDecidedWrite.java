package dev.freight.store.sqlite;

import dev.freight.engine.ChunkPlanner;
import dev.freight.engine.PlannedChunk;
import dev.freight.ingest.MappedRow;
import dev.freight.job.Outcome;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import dev.freight.store.ChangeStatements;
import dev.freight.store.DecidedUpsert;
import dev.freight.store.DecidedUpsert.Written;
import dev.freight.store.TableSql;
import dev.freight.store.TableWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How SQLite writes a {@link DecidedUpsert}: the new rows with multi-row INSERTs, the stored ones
 * with {@code UPDATE … FROM (VALUES …) WHERE <a column differs> [RETURNING key]}; and its key-only
 * read of which keys are stored.
 */
final class SqliteDecidedWrite {
    private SqliteDecidedWrite() {}

    /** The keys among {@code keys} that are stored, read in batches of their key columns only. */
    static Set<List<Object>> stored(Connection c, SqliteDialect dialect, Table table, ChunkPlanner planner,
                                            List<List<Object>> keys) throws SQLException {
        Set<List<Object>> out = new HashSet<>(keys.size() * 2);
        int[] keyIdx = planner.keyIndexes();
        List<Column> cols = table.columns();
        TableSql sql = new TableSql(dialect, table);
        TableWriter.queryByKeys(c, dialect, table, keys, keyIdx, n -> sql.selectKeysByKeys(keyIdx, n), ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                Object[] row = new Object[cols.size()];
                while (rs.next()) {
                    for (int i = 0; i < keyIdx.length; i++) row[keyIdx[i]] = dialect.read(rs, i + 1, cols.get(keyIdx[i]));
                    List<Object> k = planner.keyOf(row);
                    if (k != null) out.add(k);
                }
            }
        });
        return out;
    }

    /**
     * Writes the chunk as planned. {@code returning}: each UPDATE returns the keys it changed, so
     * that a stored key not returned is known unchanged; without, an UPDATE only counts them, which
     * costs less where every stored row changes, and any that did not ends the attempt. Nothing is
     * undone here: the caller rolls back to before the attempt. A rejected statement throws.
     */
    static Written write(Connection c, SqliteDialect dialect, PlannedChunk p, DecidedUpsert decided, boolean returning)
            throws SQLException {
        int[] inserts = decided.inserts();
        int[] updates = decided.updates();
        Table table = p.table();
        List<MappedRow> rows = p.rows();
        List<Column> cols = table.columns();
        int[] keyIdx = p.planner().keyIndexes();
        boolean[] isKey = new boolean[cols.size()];
        for (int k : keyIdx) isKey[k] = true;
        boolean[] all = new boolean[cols.size()];
        java.util.Arrays.fill(all, true);
        try (ChangeStatements statements = new ChangeStatements(c, dialect, table)) {
            TableSql sql = statements.sql();
            for (int from = 0; from < inserts.length; from += SqliteTableWriter.MULTI_ROW) {
                int n = Math.min(SqliteTableWriter.MULTI_ROW, inserts.length - from);
                Object sig = "DI" + n;
                PreparedStatement ps = statements.cached(sig);
                if (ps == null) ps = statements.prepare(sig, sql.insertRows(all, n));
                int at = 1;
                for (int j = from; j < from + n; j++) {
                    Object[] v = rows.get(inserts[j]).values();
                    for (int i = 0; i < v.length; i++) dialect.bind(ps, at++, cols.get(i).type(), v[i]);
                }
                if (ps.executeUpdate() != n) return Written.NOT_AS_PLANNED;
            }
            List<Integer> same = new ArrayList<>();
            for (int from = 0; from < updates.length; from += SqliteTableWriter.MULTI_ROW) {
                int n = Math.min(SqliteTableWriter.MULTI_ROW, updates.length - from);
                Object sig = "DU" + returning + n;
                PreparedStatement ps = statements.cached(sig);
                if (ps == null) ps = statements.prepare(sig, updateChanged(sql, cols.size(), keyIdx, isKey, n, returning));
                int at = 1;
                for (int j = from; j < from + n; j++) {
                    Object[] v = rows.get(updates[j]).values();
                    for (int k : keyIdx) dialect.bind(ps, at++, cols.get(k).type(), v[k]);
                    for (int i = 0; i < v.length; i++) if (!isKey[i]) dialect.bind(ps, at++, cols.get(i).type(), v[i]);
                }
                if (!returning) {
                    if (ps.executeUpdate() != n) return Written.SOME_UNCHANGED;
                } else {
                    unchanged(ps, p, updates, dialect, from, n, same);
                }
            }
            if (!same.isEmpty()) {
                List<List<Object>> keys = new ArrayList<>(same.size());
                for (int pos : same) keys.add(p.planner().keyOf(rows.get(pos).values()));
                if (stored(c, dialect, table, p.planner(), keys).size() != keys.size()) return Written.NOT_AS_PLANNED;
                for (int pos : same) p.result().outcomes()[pos] = Outcome.UNCHANGED;
            }
        }
        return Written.DONE;
    }

    /**
     * Runs one UPDATE of {@code n} planned updates from {@code from}, adding to {@code same} the
     * positions whose key it did not return (changed nothing, or not stored: the caller checks).
     */
    private static void unchanged(PreparedStatement ps, PlannedChunk p, int[] updates, SqliteDialect dialect, int from, int n,
                                  List<Integer> same)
            throws SQLException {
        List<Column> cols = p.table().columns();
        int[] keyIdx = p.planner().keyIndexes();
        boolean oneInteger = keyIdx.length == 1 && cols.get(keyIdx[0]).type() == ColumnType.INTEGER;
        long[] numbers = oneInteger ? new long[n] : null; // the usual key, kept without an object per row
        List<List<Object>> returned = new ArrayList<>();
        int count = 0;
        try (ResultSet rs = ps.executeQuery()) {
            Object[] row = new Object[cols.size()];
            while (rs.next()) {
                if (count == n) throw new SQLException("an update returned more keys than it was given");
                if (oneInteger) {
                    numbers[count] = rs.getLong(1);
                } else {
                    for (int i = 0; i < keyIdx.length; i++) row[keyIdx[i]] = dialect.read(rs, i + 1, cols.get(keyIdx[i]));
                    returned.add(p.planner().keyOf(row));
                }
                count++;
            }
        }
        if (count == n) return; // every row changed: the common case, nothing to match
        Set<Object> changed = new HashSet<>();
        if (oneInteger) {
            for (int i = 0; i < count; i++) changed.add(numbers[i]);
        } else {
            changed.addAll(returned);
        }
        for (int j = from; j < from + n; j++) {
            int pos = updates[j];
            Object[] v = p.rows().get(pos).values();
            if (!changed.contains(oneInteger ? v[keyIdx[0]] : p.planner().keyOf(v))) same.add(pos);
        }
    }

    /**
     * {@code UPDATE t SET <non-key columns> FROM (VALUES (key…, columns…), …) v WHERE <key matches>
     * AND (<a column IS NOT its value> OR …) [RETURNING <key>]}: only rows that change are written.
     * A stored value meets the bound one with the column's affinity, as when it is stored.
     */
    private static String updateChanged(TableSql sql, int width, int[] keyIdx, boolean[] isKey, int rows, boolean returning) {
        StringBuilder set = new StringBuilder();
        StringBuilder differs = new StringBuilder();
        int v = keyIdx.length + 1;
        for (int i = 0; i < width; i++) {
            if (isKey[i]) continue;
            set.append(set.isEmpty() ? "" : ", ").append(sql.column(i)).append(" = v.column").append(v);
            differs.append(differs.isEmpty() ? "" : " OR ").append("t.").append(sql.column(i)).append(" IS NOT v.column").append(v);
            v++;
        }
        StringBuilder join = new StringBuilder();
        for (int k = 0; k < keyIdx.length; k++) {
            join.append(k == 0 ? "" : " AND ").append("t.").append(sql.column(keyIdx[k])).append(" = v.column").append(k + 1);
        }
        String values = String.join(", ", java.util.Collections.nCopies(rows, TableSql.tuple(width)));
        return "UPDATE " + sql.ref() + " AS t SET " + set + " FROM (VALUES " + values + ") AS v WHERE " + join
                + " AND (" + differs + ")" + (returning ? " RETURNING " + sql.columns(keyIdx) : "");
    }
}
