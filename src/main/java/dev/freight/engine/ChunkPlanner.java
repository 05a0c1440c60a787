package dev.freight.engine;

import dev.freight.ingest.MappedRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's semantics in plain Java, the same for every store: given the chunk's rows and
 * the stored rows with the same keys, it applies the rows one at a time in input order (so the
 * same key twice gives inserted, then updated) and reduces them to at most one net change per
 * key, which the store then writes set-wise. Nothing here touches the database.
 * Every mode's rules read in this one file; ChunkPlannerTest pins them. A little over our usual
 * length for that reason: splitting the modes apart would hide how they differ.
 */
public final class ChunkPlanner {
    private final Table table;
    private final ApplyOptions options;
    private final int[] keyIdx;
    private final int[] altIdx; // the alternate key's columns, or empty
    private KeyGroup[] applied; // by position: the key the row was applied to, once planned
    private final List<MappedRow> rows;
    private final ChunkResult result;
    private final Autonumbers autonumbers;
    private final KeyText keyText;
    private Map<List<Object>, KeyGroup> groups = Map.of();
    private static final Object NO_KEY = new Object();
    private Object[] rowKeys; // by position: the row's key, or NO_KEY
    /** Keys whose planned change the database rejected: their state after the chunk is not the plan's. */
    private final java.util.Set<List<Object>> rejected = new java.util.HashSet<>();

    /** Draws the next number of an autonumber column (by position) for a new row. */
    public interface Autonumbers {
        long next(int column);
    }

    public ChunkPlanner(Table table, ApplyOptions options, List<MappedRow> rows, ChunkResult result, Autonumbers autonumbers) {
        this.table = table;
        this.options = options;
        this.rows = rows;
        this.result = result;
        this.autonumbers = autonumbers;
        this.keyIdx = options.key().stream().mapToInt(table::columnIndex).toArray();
        this.keyText = new KeyText(table, keyIdx);
        this.altIdx = options.alternateKey() == null ? new int[0] : options.alternateKey().stream().mapToInt(table::columnIndex).toArray();
    }

    public int[] alternateKeyIndexes() {
        return altIdx;
    }

    /** The alternate key of a row, or null without one (no alternate key, or a column without value). */
    public List<Object> alternateKeyOf(Object[] values) {
        return keyOf(values, altIdx);
    }

    /** The distinct alternate keys of the chunk's rows that give no key: their stored rows are fetched by them. */
    public List<List<Object>> alternateKeys() {
        if (altIdx.length == 0) return List.of();
        LinkedHashMap<List<Object>, Boolean> seen = new LinkedHashMap<>();
        for (int pos = 0; pos < rows.size(); pos++) {
            if (rows.get(pos).error() != null || rowKey(pos) != null) continue;
            List<Object> a = alternateKeyOf(rows.get(pos).values());
            if (a != null) seen.put(a, Boolean.TRUE);
        }
        return new ArrayList<>(seen.keySet());
    }

    /** The stored row as the row at {@code pos} leaves it (a drawn number included); null when it failed, was deleted or had no key. */
    public Object[] appliedRow(int pos) {
        KeyGroup g = applied == null ? null : applied[pos];
        return g == null ? null : g.current;
    }

    public int[] keyIndexes() {
        return keyIdx;
    }

    /** The key of a row, or null when a key column has no value. */
    public List<Object> keyOf(Object[] values) {
        return keyOf(values, keyIdx);
    }

    private static List<Object> keyOf(Object[] values, int[] idx) {
        if (idx.length == 0) return null;
        Object[] k = new Object[idx.length];
        for (int i = 0; i < idx.length; i++) {
            Object v = values[idx[i]];
            if (v == null || v == MappedRow.ABSENT) return null;
            k[i] = Values.keyPart(v);
        }
        return new RowKey(k);
    }

    /** The distinct keys of the chunk's rows, for fetching stored rows. */
    public List<List<Object>> keys() {
        // sized for the chunk up front: grown from 16 it rehashes every key a dozen times
        java.util.HashSet<List<Object>> seen = java.util.HashSet.newHashSet(rows.size());
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (int pos = 0; pos < rows.size(); pos++) {
            if (rows.get(pos).error() != null) continue;
            List<Object> k = rowKey(pos);
            if (k != null && seen.add(k)) out.add(k);
        }
        return out;
    }

    /** The key of the chunk's row at {@code pos}, computed once (fetch and plan both need it). */
    private List<Object> rowKey(int pos) {
        if (rowKeys == null) rowKeys = new Object[rows.size()];
        Object k = rowKeys[pos];
        if (k == null) {
            k = keyOf(rows.get(pos).values());
            rowKeys[pos] = k == null ? NO_KEY : k;
        }
        @SuppressWarnings("unchecked")
        List<Object> key = k == NO_KEY ? null : (List<Object>) k;
        return key;
    }

    /**
     * Plans the chunk against the stored rows (by normalised key). Returns the changes in write order.
     */
    public List<Change> plan(Map<List<Object>, Object[]> stored) {
        groups = new LinkedHashMap<>();
        applied = new KeyGroup[rows.size()];
        // alternate key -> key, of the stored rows and of the rows this chunk inserts
        Map<List<Object>, List<Object>> alternates = new java.util.HashMap<>();
        if (altIdx.length > 0) {
            for (Object[] row : stored.values()) {
                List<Object> a = row == null ? null : alternateKeyOf(row);
                if (a != null) alternates.put(a, keyOf(row));
            }
        }
        List<Change> appends = new ArrayList<>();
        java.util.Set<List<Object>> explicitKeys = autonumberKey() ? new java.util.HashSet<>(keys()) : java.util.Set.of();
        for (int pos = 0; pos < rows.size(); pos++) {
            MappedRow r = rows.get(pos);
            if (r.error() != null) {
                fail(pos, r.error());
                continue;
            }
            List<Object> key = rowKey(pos);
            if (keyIdx.length == 0) {
                // no key: every row is appended (a delete marker has nothing to match)
                if (r.delete()) {
                    decide(pos, Outcome.IGNORED, "not found: the table has no key to match");
                    continue;
                }
                Object[] row = newRow(pos, r.values());
                if (row != null) {
                    decide(pos, Outcome.INSERTED, r.warning());
                    appends.add(new Change(Change.Kind.INSERT, null, row, present(row), pos));
                }
                continue;
            }
            List<Object> alt = key == null && altIdx.length > 0 ? alternateKeyOf(r.values()) : null;
            if (alt != null && alternates.containsKey(alt)) {
                key = alternates.get(alt); // the stored (or just inserted) row with this alternate key
            } else if (key != null && altIdx.length > 0 && !stored.containsKey(key) && !groups.containsKey(key)) {
                fail(pos, "record " + keyText.describe(key) + " does not exist"); // with an alternate key, numbers are the table's to give
                continue;
            }
            if (key == null) {
                if (autonumberKey() && !r.delete() && inserts()) {
                    Object[] row = newRow(pos, r.values());
                    // a drawn number must not take a key that a row of this chunk or a stored row has
                    while (row != null && (explicitKeys.contains(keyOf(row)) || groups.containsKey(keyOf(row))
                            || stored.containsKey(keyOf(row)))) {
                        row = newRow(pos, r.values());
                    }
                    if (row != null) {
                        KeyGroup g = new KeyGroup(keyOf(row), null);
                        g.rows.add(pos);
                        g.current = row;
                        groups.put(g.key, g);
                        applied[pos] = g;
                        if (alt != null) alternates.put(alt, g.key);
                        decide(pos, Outcome.INSERTED, r.warning());
                        result.keys()[pos] = keyJson(row);
                    }
                } else {
                    fail(pos, "column " + table.columns().get(missingKey(r.values())).name() + ": a key value is required");
                }
                continue;
            }
            KeyGroup g = groups.computeIfAbsent(key, k -> {
                KeyGroup ng = new KeyGroup(k, stored.get(k));
                ng.current = ng.initial;
                return ng;
            });
            apply(g, pos, r);
            if (alt != null && result.keys()[pos] == null) result.keys()[pos] = keyJson(g.current != null ? g.current : g.initial);
        }
        List<Change> changes = new ArrayList<>(appends);
        for (KeyGroup g : groups.values()) {
            Change c = netChange(g);
            if (c != null) changes.add(c);
        }
        changes.sort((a, b) -> Integer.compare(a.lastRow(), b.lastRow()));
        return changes;
    }

    /** Re-plans one key after its write failed at {@code failedRow}: that row fails, the others replay. */
    public Change replan(KeyGroup g, int failedRow, String message) {
        fail(failedRow, message);
        rejected.add(g.key);
        List<Integer> keep = new ArrayList<>(g.rows);
        keep.remove(Integer.valueOf(failedRow));
        KeyGroup fresh = new KeyGroup(g.key, g.initial);
        fresh.current = g.initial;
        for (int pos : keep) {
            if (result.outcomes()[pos] == Outcome.FAILED) continue;
            apply(fresh, pos, rows.get(pos));
        }
        return netChange(fresh);
    }

    /**
     * Each planned key's row after the chunk (null: deleted), as a later chunk planned before this
     * one commits must see it: with the defaults its insert leaves to the database, as a read of
     * the stored row would give them. Valid only when {@link #rejected()} does not name the key.
     */
    public Map<List<Object>, Object[]> finalStates() {
        Map<List<Object>, Object[]> out = new java.util.HashMap<>(groups.size() * 2);
        for (KeyGroup g : groups.values()) out.put(g.key, g.current == null ? null : withDefaults(g.current));
        return out;
    }

    public java.util.Set<List<Object>> rejected() {
        return rejected;
    }

    private boolean inserts() {
        ImportMode m = options.mode();
        return m != ImportMode.UPDATE && m != ImportMode.DELETE;
    }

    private boolean autonumberKey() {
        for (int i : keyIdx) if (table.columns().get(i).autonumber()) return true;
        return false;
    }

    private int missingKey(Object[] values) {
        for (int i : keyIdx) if (values[i] == null || values[i] == MappedRow.ABSENT) return i;
        return keyIdx[0];
    }

    /** Applies one row to its key's current state, deciding its outcome. */
    private void apply(KeyGroup g, int pos, MappedRow r) {
        g.rows.add(pos);
        if (applied != null) applied[pos] = g;
        Object[] cur = g.current;
        String warning = r.warning();
        if (r.delete() || options.mode() == ImportMode.DELETE) {
            if (cur == null) {
                decide(pos, Outcome.IGNORED, "not found");
            } else {
                g.current = null;
                decide(pos, Outcome.DELETED, warning);
            }
            return;
        }
        ImportMode mode = options.mode();
        if (cur == null) {
            if (mode == ImportMode.UPDATE) {
                decide(pos, Outcome.IGNORED, "not found");
                return;
            }
            Object[] row = newRow(pos, r.values());
            if (row != null) {
                // a stored key deleted earlier in this chunk: the write updates the stored row, so
                // an absent column must be set to the default an insert would give it, not kept
                g.current = g.initial != null ? withDefaults(row) : row;
                decide(pos, Outcome.INSERTED, warning);
            }
            return;
        }
        switch (mode) {
            case INSERT -> fail(pos, "duplicate key " + keyText.describe(g.key));
            case IGNORE -> decide(pos, Outcome.IGNORED, "key exists " + keyText.describe(g.key));
            default -> {
                Object[] merged = merge(pos, cur, r.values(), mode == ImportMode.REPLACE);
                if (merged == null) return;
                if (sameRow(merged, cur)) {
                    decide(pos, Outcome.UNCHANGED, warning);
                } else {
                    g.current = merged;
                    decide(pos, Outcome.UPDATED, warning);
                }
            }
        }
    }

    /**
     * A full new row: absent columns stay ABSENT (the database default), autonumbers drawn once
     * the row is known to be whole, so a row that fails takes no number (resetAutonumber numbers
     * the rows that are inserted 1, 2, 3…).
     */
    private Object[] newRow(int pos, Object[] values) {
        Object[] row = values.clone();
        List<Column> cols = table.columns();
        for (int i = 0; i < row.length; i++) {
            Column c = cols.get(i);
            if (c.autonumber() && (row[i] == MappedRow.ABSENT || row[i] == null)) continue; // drawn below
            if (!c.nullable() && (row[i] == null || (row[i] == MappedRow.ABSENT && c.defaultValue() == null))) {
                fail(pos, "column " + c.name() + ": a value is required");
                return null;
            }
        }
        for (int i = 0; i < row.length; i++) {
            if (cols.get(i).autonumber() && (row[i] == MappedRow.ABSENT || row[i] == null)) row[i] = autonumbers.next(i);
        }
        return row;
    }

    /**
     * {@code row} with each absent column as the database stores it on insert: NULL, or the
     * column's default; absent still where the default is an expression only the database can
     * evaluate. The same array when nothing changes.
     */
    private Object[] withDefaults(Object[] row) {
        Object[] out = row;
        List<Column> cols = table.columns();
        for (int i = 0; i < row.length; i++) {
            if (row[i] != MappedRow.ABSENT) continue;
            Object d = options.defaults()[i];
            if (d == null && cols.get(i).defaultValue() != null) continue;
            if (out == row) out = row.clone();
            out[i] = d;
        }
        return out;
    }

    /** The stored row updated by an input row; replace turns absent columns into their default. */
    private Object[] merge(int pos, Object[] cur, Object[] values, boolean replace) {
        Object[] out = cur.clone();
        List<Column> cols = table.columns();
        for (int i = 0; i < out.length; i++) {
            Column c = cols.get(i);
            if (!c.updatable() || isKey(i)) continue;
            Object v = values[i];
            if (v == MappedRow.ABSENT) {
                if (!replace || c.autonumber()) continue;
                v = options.defaults()[i];
            }
            if (v == null && !c.nullable()) {
                fail(pos, "column " + c.name() + ": a value is required");
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    private boolean isKey(int col) {
        for (int k : keyIdx) if (k == col) return true;
        return false;
    }

    private static boolean sameRow(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) if (!Values.same(a[i], b[i])) return false;
        return true;
    }

    private Change netChange(KeyGroup g) {
        if (g.rows.isEmpty()) return null;
        int last = g.rows.get(g.rows.size() - 1);
        if (g.initial == null && g.current == null) return null;
        if (g.initial == null) return new Change(Change.Kind.INSERT, g, g.current, present(g.current), last);
        if (g.current == null) return new Change(Change.Kind.DELETE, g, g.initial, null, last);
        boolean[] changed = new boolean[g.current.length];
        boolean any = false;
        for (int i = 0; i < changed.length; i++) {
            if (!Values.same(g.initial[i], g.current[i]) && g.current[i] != MappedRow.ABSENT) {
                changed[i] = true;
                any = true;
            }
        }
        return any ? new Change(Change.Kind.UPDATE, g, g.current, changed, last) : null;
    }

    /**
     * The columns an UPDATE may set to its row's values: those it changes, and those the key's
     * rows give that already hold the given value. Setting a given column to its own value changes
     * nothing, and lets the rows of a chunk share one SET list; a column no row gave stays out, so
     * a concurrent change to it is kept.
     */
    public boolean[] assigned(Change ch) {
        boolean[] out = ch.columns().clone();
        List<Column> cols = table.columns();
        for (int pos : ch.group().rows) {
            Object[] given = rows.get(pos).values();
            if (given == null || result.outcomes()[pos] == Outcome.FAILED) continue;
            for (int i = 0; i < out.length; i++) {
                if (!out[i] && given[i] != MappedRow.ABSENT && ch.row()[i] != MappedRow.ABSENT
                        && cols.get(i).updatable() && !isKey(i)) {
                    out[i] = true;
                }
            }
        }
        return out;
    }

    private static boolean[] present(Object[] row) {
        boolean[] p = new boolean[row.length];
        for (int i = 0; i < row.length; i++) p[i] = row[i] != MappedRow.ABSENT;
        return p;
    }

    /** The row's key as JSON text for its result, e.g. {"id":"17"}; null without a key. */
    public String keyJson(Object[] values) {
        return keyText.json(values);
    }

    private void decide(int pos, Outcome o, String message) {
        result.outcomes()[pos] = o;
        result.messages()[pos] = message;
    }

    public void fail(int pos, String message) {
        if (applied != null) applied[pos] = null;
        decide(pos, Outcome.FAILED, message);
    }
}
