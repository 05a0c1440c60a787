package dev.freight.store;

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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An upsert chunk whose outcomes the database decides as it is written, without reading the
 * stored rows: planning only asks which keys are stored (a key-only read); the new rows go in
 * as they are, and the stored ones with an UPDATE that writes only rows where a column differs
 * and returns which it wrote: one returned was updated, one not returned unchanged (once the
 * store has checked that it is stored). Taken only where this gives what {@link ChunkPlanner}
 * gives (see {@link #qualifies} and {@link #plan}). Each store writes it its own way; anything
 * unexpected at write time (a rejected statement, a key not where planning saw it) undoes the
 * whole attempt, and the chunk is planned with the stored rows and written the usual way, so
 * that a row the database rejects fails alone, with the database's message.
 */
public final class DecidedUpsert implements PreparedWrite {

    private final int[] inserts; // chunk positions planned as new, in input order
    private final int[] updates; // chunk positions planned as stored, in input order
    private final Map<List<Object>, Integer> positions; // each written row's chunk position by its key

    private DecidedUpsert(int[] inserts, int[] updates, Map<List<Object>, Integer> positions) {
        this.inserts = inserts;
        this.updates = updates;
        this.positions = positions;
    }

    /** The chunk position of the row written with {@code key} (as {@link ChunkPlanner#keyOf} makes it), or null. */
    public Integer positionOf(List<Object> key) {
        return positions.get(key);
    }

    /** Chunk positions planned as new (every row, where planning did not ask which keys are stored), in input order. */
    public int[] inserts() {
        return inserts;
    }

    /** Chunk positions planned as stored, in input order (outcome updated until the write shows otherwise). */
    public int[] updates() {
        return updates;
    }

    /** Which of a chunk's keys are stored: a read of key columns only. */
    @FunctionalInterface
    public interface StoredKeys {
        Set<List<Object>> of(ChunkPlanner planner, List<List<Object>> keys) throws SQLException;
    }

    /** How an attempt to write ended. */
    public enum Written {
        /** As planned; each stored key that changed nothing has its outcome. */
        DONE,
        /** A key was not where planning saw it, or a statement was rejected: the caller undoes the attempt and plans with the stored rows. */
        NOT_AS_PLANNED,
        /** Counted, a stored row changed nothing: which one, only an attempt that returns what it changed tells. */
        SOME_UNCHANGED
    }

    /**
     * Whether the table and options allow it: an upsert on a key, every column a plain updatable
     * one whose stored value SQL compares as {@code Values.same} compares what Freight wrote: no
     * autonumber, alternate key, associations, roles, JSON (compared as parsed JSON) or decimal
     * without precision (its scale is the input's, so 1.5 and 1.50 differ as text).
     */
    public static boolean qualifies(Table table, ApplyOptions options) {
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
     * written yet, whose keys count as stored as it leaves them. {@code storedKeys} null: planning
     * does not ask, every row is planned as new, and the write decides each outcome.
     */
    public static PlannedChunk plan(Table table, ApplyOptions options, List<MappedRow> rows, PlannedChunk before,
                                    StoredKeys storedKeys) throws SQLException {
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
        Set<List<Object>> stored = storedKeys == null ? Set.of() : storedKeys.of(planner, new ArrayList<>(positions.keySet()));
        if (before != null && storedKeys != null) {
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
        p.prepared(new DecidedUpsert(Arrays.copyOf(ins, ni), Arrays.copyOf(upd, nu), positions));
        return p;
    }
}
