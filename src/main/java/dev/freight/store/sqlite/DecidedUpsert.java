package dev.freight.store.sqlite;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkPlanner;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.PlannedChunk;
import dev.freight.engine.PreparedWrite;
import dev.freight.ingest.MappedRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import dev.freight.store.ChangeStatements;
import dev.freight.store.TableSql;
import dev.freight.store.TableWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An upsert chunk whose outcomes SQLite decides as it writes, without reading the stored rows:
 * planning only asks which keys are stored (a key-only read), the new rows go in with multi-row
 * INSERTs, and the stored ones with {@code UPDATE … FROM (VALUES …) WHERE <a column differs>
 * RETURNING key}: a key returned was updated, one not returned was unchanged (after checking that
 * it is stored). Taken only where this gives what {@link ChunkPlanner} gives (see {@link #plan}).
 * Anything unexpected at write time (a rejected statement, a key not where planning saw it) undoes
 * the whole attempt, and the chunk is planned with the stored rows and written the usual way, so
 * that a row the database rejects fails alone, with the database's message.
 */
final class DecidedUpsert implements PreparedWrite {

    private final int[] inserts; // chunk positions planned as new, in input order
    private final int[] updates; // chunk positions planned as stored, in input order

    private DecidedUpsert(int[] inserts, int[] updates) {
        this.inserts = inserts;
        this.updates = updates;
    }

    /**
     * Whether the table and options allow it: an upsert on a key, every column a plain updatable
     * one whose stored value SQL compares as {@code Values.same} compares what Freight wrote: no
     * autonumber, alternate key, associations, roles, JSON (compared as parsed JSON) or decimal
     * without precision (its scale is the input's, so 1.5 and 1.50 differ as text).
     */
    static boolean qualifies(Table table, ApplyOptions options) {
        if (options.mode() != ImportMode.UPSERT || options.key().isEmpty() || options.alternateKey() != null) return false;
        if (!table.associations().isEmpty() || table.columns().size() <= options.key().size()) return false;
        for (Column c : table.columns()) {
            if (c.autonumber() || !c.updatable() || c.role() != ColumnRole.NONE) return false;
            if (c.type() == ColumnType.JSON || (c.type() == ColumnType.DECIMAL && c.precision() == null)) return false;
        }
        return true;
    }

    /**
     * Plans a chunk, or returns null where its rows need {@link ChunkPlanner}: a delete marker, a
     * column not given (an insert would take its default), a key twice, a missing key, a null in a
     * NOT NULL column (the planner's message, not the database's), associations. Rows that failed
     * to map fail as the planner fails them. {@code before}: a chunk planned earlier and maybe not
     * written yet, whose keys count as stored as it leaves them.
     */
    static PlannedChunk plan(Connection c, SqliteDialect dialect, Table table, ApplyOptions options,
                             List<MappedRow> rows, PlannedChunk before) throws SQLException {
        ChunkResult result = ChunkResult.of(rows.size());
        ChunkPlanner planner = new ChunkPlanner(table, options, rows, result, col -> {
            throw new IllegalStateException("no autonumbers here");
        });
        List<Column> cols = table.columns();
        Map<List<Object>, Integer> positions = new HashMap<>(rows.size() * 2);
        List<List<Object>> keys = new ArrayList<>(rows.size());
        for (int pos = 0; pos < rows.size(); pos++) {
            MappedRow r = rows.get(pos);
            if (r.error() != null) {
                keys.add(null);
                continue;
            }
            if (r.delete() || !r.associations().isEmpty()) return null;
            Object[] v = r.values();
            for (int i = 0; i < v.length; i++) {
                if (v[i] == MappedRow.ABSENT || (v[i] == null && !cols.get(i).nullable())) return null;
            }
            List<Object> k = planner.keyOf(v);
            if (k == null || positions.put(k, pos) != null) return null;
            keys.add(k);
        }
        Set<List<Object>> stored = stored(c, dialect, table, planner, new ArrayList<>(positions.keySet()));
        if (before != null) {
            for (Map.Entry<List<Object>, Object[]> e : before.finalStates().entrySet()) {
                if (!positions.containsKey(e.getKey())) continue;
                if (e.getValue() == null) stored.remove(e.getKey());
                else stored.add(e.getKey());
            }
        }
        Map<List<Object>, Object[]> finalStates = new HashMap<>(positions.size() * 2);
        int[] ins = new int[rows.size()];
        int[] upd = new int[rows.size()];
        int ni = 0;
        int nu = 0;
        for (int pos = 0; pos < rows.size(); pos++) {
            MappedRow r = rows.get(pos);
            if (r.values() != null) result.keys()[pos] = planner.keyJson(r.values());
            if (r.error() != null) {
                planner.fail(pos, r.error());
                continue;
            }
            List<Object> k = keys.get(pos);
            boolean exists = stored.contains(k);
            // an update until the write shows it changed nothing: most upserted stored rows change
            result.outcomes()[pos] = exists ? Outcome.UPDATED : Outcome.INSERTED;
            result.messages()[pos] = r.warning();
            if (exists) upd[nu++] = pos;
            else ins[ni++] = pos;
            finalStates.put(k, r.values());
        }
        PlannedChunk p = new PlannedChunk(table, options, rows, planner, List.of(), result, false);
        p.finalStates(finalStates);
        p.prepared(new DecidedUpsert(java.util.Arrays.copyOf(ins, ni), java.util.Arrays.copyOf(upd, nu)));
        return p;
    }

    /** The keys among {@code keys} that are stored, read in batches of their key columns only. */
    private static Set<List<Object>> stored(Connection c, SqliteDialect dialect, Table table, ChunkPlanner planner,
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

    /** How an attempt to write ended. */
    enum Written {
        /** As planned; each stored key that changed nothing has its outcome. */
        DONE,
        /** A key was not where planning saw it: the caller undoes the attempt and plans with the stored rows. */
        NOT_AS_PLANNED,
        /** Counted, a stored row changed nothing: which one, only an attempt with {@code returning} tells. */
        SOME_UNCHANGED
    }

    /**
     * Writes the chunk as planned. {@code returning}: each UPDATE returns the keys it changed, so
     * that a stored key not returned is known unchanged; without, an UPDATE only counts them, which
     * costs less where every stored row changes, and any that did not ends the attempt. Nothing is
     * undone here: the caller rolls back to before the attempt. A rejected statement throws.
     */
    Written write(Connection c, SqliteDialect dialect, PlannedChunk p, boolean returning) throws SQLException {
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
                    unchanged(ps, p, dialect, from, n, same);
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
    private void unchanged(PreparedStatement ps, PlannedChunk p, SqliteDialect dialect, int from, int n, List<Integer> same)
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
