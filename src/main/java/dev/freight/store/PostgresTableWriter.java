package dev.freight.store;

import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fast path on PostgreSQL. Stored rows of a chunk's keys come back in one query (keys bound
 * as arrays); deletes and updates are COPYed into a {@link StagingTable} and written by one
 * DELETE … USING and one UPDATE … FROM; new rows are COPYed straight into the table, one COPY per
 * set of given columns. Never one statement per row.
 *
 * <p>When a set-wise write fails (a unique, foreign key or check constraint, a value out of
 * range) it is undone to a savepoint and the changes are split in halves, each tried set-wise
 * again; a small enough group goes to {@link TableWriter}'s one-change-per-savepoint path, so
 * only the rows the database rejects fail, each with the database's message, and the others
 * still go in set-wise.
 */
final class PostgresTableWriter extends TableWriter {
    /** At or below this many changes a failing group is written change by change. */
    static final int SPLIT_FLOOR = 16;

    private final AtomicLong runs = new AtomicLong();

    PostgresTableWriter(PostgresDialect dialect) {
        super(dialect);
    }

    @Override
    protected void fetchKeys(Connection c, Table table, ChunkPlanner planner, List<List<Object>> keys, int[] keyIdx,
                             Map<List<Object>, Object[]> out) throws SQLException {
        for (int k : keyIdx) {
            // json has no equality operator; such a key goes the generic way (and fails there, as it should)
            if (table.columns().get(k).type() == ColumnType.JSON) {
                super.fetchKeys(c, table, planner, keys, keyIdx, out);
                return;
            }
        }
        if (keys.isEmpty()) return;
        StringBuilder q = new StringBuilder("SELECT ").append(columnList(table)).append(" FROM ")
                .append(dialect.tableRef(table.workspace(), table.name())).append(" WHERE ");
        if (keyIdx.length == 1) {
            q.append(dialect.quote(table.columns().get(keyIdx[0]).name())).append(" = ANY (?)");
        } else {
            q.append('(');
            for (int i = 0; i < keyIdx.length; i++) {
                q.append(i == 0 ? "" : ", ").append(dialect.quote(table.columns().get(keyIdx[i]).name()));
            }
            q.append(") IN (SELECT * FROM unnest(").append("?, ".repeat(keyIdx.length - 1)).append("?))");
        }
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            for (int i = 0; i < keyIdx.length; i++) ps.setArray(i + 1, keyArray(c, table.columns().get(keyIdx[i]), keys, i));
            collect(ps, table, planner, out);
        }
    }

    /** Part {@code part} of every key, as an array of the column's type (sent as text, parsed by the server). */
    private static Array keyArray(Connection c, Column col, List<List<Object>> keys, int part) throws SQLException {
        String[] texts = new String[keys.size()];
        for (int i = 0; i < texts.length; i++) texts[i] = Values.text(keys.get(i).get(part));
        String element = switch (col.type()) {
            case TEXT -> "text";
            case INTEGER -> "int8";
            case DECIMAL -> "numeric";
            case BOOLEAN -> "bool";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case UUID -> "uuid";
            case JSON -> "jsonb";
        };
        return c.createArrayOf(element, texts);
    }

    @Override
    protected void write(Connection c, Table table, ChunkPlanner planner, List<ChunkPlanner.Change> changes)
            throws SQLException {
        write(c, table, planner, changes, null);
    }

    /** Encodes the first set-wise attempt while planning, so the writing transaction only sends it. */
    @Override
    protected void prepareWrite(PlannedChunk p) {
        if (p.changes.isEmpty() || !setWise(p.changes)) return;
        p.firstAttempt = new SetWrite(p.table, p.planner, new StagingTable(dialect, p.table),
                runs.incrementAndGet(), p.changes);
    }

    /** An insert-only chunk on a key the database enforces: its conflicts show when it is written. */
    @Override
    protected boolean keysCanBeAssumedNew(Table table, ApplyOptions options) {
        if (options.mode() != dev.freight.job.ImportMode.INSERT || !table.isUniqueKey(options.key())) return false;
        for (Column col : table.columns()) if (col.autonumber()) return false; // a second plan would draw again
        return true;
    }

    @Override
    protected void writeChanges(Connection c, PlannedChunk p) throws SQLException {
        if (!p.assumedNew) {
            write(c, p.table, p.planner, p.changes, p.firstAttempt);
            return;
        }
        if (p.firstAttempt != null) {
            Savepoint sp = c.setSavepoint();
            try {
                p.firstAttempt.execute(c);
                c.releaseSavepoint(sp);
                return;
            } catch (SQLException e) {
                if (fatal(e)) throw e;
                c.rollback(sp); // a key was stored after all (or another row was rejected): plan with the stored rows
            }
        }
        PlannedChunk actual = plan(c, p.table, p.options, p.rows, col -> {
            throw new IllegalStateException("no autonumbers here");
        }, null, false);
        write(c, actual.table, actual.planner, actual.changes, actual.firstAttempt);
        p.replacedBy(actual);
    }

    private void write(Connection c, Table table, ChunkPlanner planner, List<ChunkPlanner.Change> changes,
                       SetWrite ready) throws SQLException {
        if (changes.isEmpty()) return;
        if (!setWise(changes)) {
            super.write(c, table, planner, changes);
            return;
        }
        StagingTable stage = ready != null ? ready.stage : new StagingTable(dialect, table);
        // only when rows are staged: a transaction that touches a temp table pays a truncate at commit
        if (stagesAny(changes)) stage.prepare(c);
        writeOrSplit(c, table, planner, stage, changes, ready);
    }

    private static boolean stagesAny(List<ChunkPlanner.Change> changes) {
        for (ChunkPlanner.Change ch : changes) if (ch.kind() != ChunkPlanner.Change.Kind.INSERT) return true;
        return false;
    }

    /** An insert that gives no column at all needs DEFAULT VALUES, which INSERT … SELECT cannot say. */
    private static boolean setWise(List<ChunkPlanner.Change> changes) {
        for (ChunkPlanner.Change ch : changes) {
            if (ch.kind() == ChunkPlanner.Change.Kind.INSERT && !any(ch.columns())) return false;
        }
        return true;
    }

    private void writeOrSplit(Connection c, Table table, ChunkPlanner planner, StagingTable stage,
                              List<ChunkPlanner.Change> changes, SetWrite ready) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            (ready != null ? ready : new SetWrite(table, planner, stage, runs.incrementAndGet(), changes)).execute(c);
            c.releaseSavepoint(sp);
            return;
        } catch (SQLException e) {
            if (fatal(e)) throw e;
            c.rollback(sp);
        }
        if (changes.size() <= SPLIT_FLOOR) {
            super.write(c, table, planner, changes);
            return;
        }
        int mid = changes.size() / 2;
        writeOrSplit(c, table, planner, stage, changes.subList(0, mid), null);
        writeOrSplit(c, table, planner, stage, changes.subList(mid, changes.size()), null);
    }

    /** Errors that no row caused: the connection or the server is gone, so splitting cannot help. */
    private static boolean fatal(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57") || state.startsWith("53")
                || state.startsWith("58") || state.startsWith("XX");
    }

    static boolean any(boolean[] flags) {
        for (boolean f : flags) if (f) return true;
        return false;
    }

    /**
     * One attempt at writing a group of changes set-wise. Deletes go first, then updates, then
     * inserts, so that a unique value the chunk frees is free before an insert takes it. That is
     * the one place where set-wise is more lenient than row order: an insert that row order would
     * have rejected because a later row of the same chunk frees its value goes in. Whatever fails
     * set-wise is redone in row order (see {@link #writeOrSplit}).
     */
    final class SetWrite {
        private static final String FILTER = "s.\"#run\" = ? AND s.\"#op\" = ?";
        private final Table table;
        private final ChunkPlanner planner;
        private final int[] keyIdx;
        final StagingTable stage;
        private final long run;
        private final List<ChunkPlanner.Change> changes;
        private final Map<String, Integer> insertMasks = new LinkedHashMap<>();
        private final List<boolean[]> masks = new ArrayList<>();
        private final List<CopyText> direct = new ArrayList<>(); // new rows by insert column set
        private final boolean[] updatedSome;
        private final boolean[] updatedAll;
        private int inserts;
        private int updates;
        private int deletes;
        private final CopyText staged;

        SetWrite(Table table, ChunkPlanner planner, StagingTable stage, long run, List<ChunkPlanner.Change> changes) {
            this.table = table;
            this.planner = planner;
            this.keyIdx = planner.keyIndexes();
            this.stage = stage;
            this.run = run;
            this.changes = changes;
            int n = table.columns().size();
            this.updatedSome = new boolean[n];
            this.updatedAll = new boolean[n];
            Arrays.fill(updatedAll, true);
            this.staged = stagedRows(); // all encoding happens here, so that it can happen ahead
        }

        void execute(Connection c) throws SQLException {
            if (!staged.isEmpty()) stage.copy(c, staged);
            String ref = dialect.tableRef(table.workspace(), table.name());
            if (deletes > 0) {
                run(c, "DELETE FROM " + ref + " AS t USING " + stage.ref() + " AS s WHERE " + FILTER + keyJoin(),
                        StagingTable.DELETE, -1);
            }
            if (updates > 0) {
                run(c, "UPDATE " + ref + " AS t SET " + assignments() + " FROM " + stage.ref() + " AS s WHERE "
                        + FILTER + keyJoin(), StagingTable.UPDATE, -1);
            }
            // new rows go straight into the table with COPY, one per set of given columns, in row
            // order: no staging copy and no INSERT … SELECT for the rows most imports mostly are
            for (Map.Entry<String, Integer> m : insertMasks.entrySet()) {
                String cols = columns(masks.get(m.getValue()), "");
                direct.get(m.getValue()).copyIn(c, "COPY " + ref + " (" + cols + ") FROM STDIN");
            }
        }

        /** The changes as COPY rows; counts them and collects the insert column sets on the way. */
        private CopyText stagedRows() {
            CopyText rows = new CopyText();
            List<Column> cols = table.columns();
            for (int seq = 0; seq < changes.size(); seq++) {
                ChunkPlanner.Change ch = changes.get(seq);
                int op;
                int mask = 0;
                String set = null;
                Object[] values = ch.row();
                switch (ch.kind()) {
                    case INSERT -> {
                        inserts++;
                        String sig = signature(ch.columns());
                        Integer id = insertMasks.get(sig);
                        if (id == null) {
                            id = masks.size();
                            masks.add(ch.columns());
                            insertMasks.put(sig, id);
                            direct.add(new CopyText());
                        }
                        CopyText target = direct.get(id);
                        for (int i = 0; i < values.length; i++) if (ch.columns()[i]) target.value(values[i]);
                        target.endRow();
                        continue; // not staged
                    }
                    case UPDATE -> {
                        op = StagingTable.UPDATE;
                        updates++;
                        // a column every row gives is assigned plainly, without a per-row choice
                        boolean[] assigned = planner.assigned(ch);
                        set = signature(assigned);
                        for (int i = 0; i < cols.size(); i++) {
                            updatedSome[i] |= assigned[i];
                            updatedAll[i] &= assigned[i];
                        }
                        values = withStoredKey(ch);
                    }
                    default -> {
                        op = StagingTable.DELETE;
                        deletes++;
                        values = keyOnly(ch.group().initial);
                    }
                }
                rows.value(run).value(seq).value(op).value(mask).value(set);
                for (Object v : values) rows.value(v);
                rows.endRow();
            }
            return rows;
        }

        /** The new row with the key exactly as stored (the join finds the row the plan read). */
        private Object[] withStoredKey(ChunkPlanner.Change ch) {
            Object[] v = ch.row().clone();
            for (int k : keyIdx) v[k] = ch.group().initial[k];
            return v;
        }

        private Object[] keyOnly(Object[] stored) {
            Object[] v = new Object[stored.length];
            for (int k : keyIdx) v[k] = stored[k];
            return v;
        }

        private String keyJoin() {
            StringBuilder sb = new StringBuilder();
            for (int k : keyIdx) {
                String q = dialect.quote(table.columns().get(k).name());
                sb.append(" AND t.").append(q).append(" = s.").append(q);
            }
            return sb.toString();
        }

        /** SET list: a column every update assigns is set from the stage; one only some assign is chosen per row. */
        private String assignments() {
            StringBuilder sb = new StringBuilder();
            List<Column> cols = table.columns();
            for (int i = 0; i < cols.size(); i++) {
                if (!updatedSome[i]) continue;
                String q = dialect.quote(cols.get(i).name());
                sb.append(sb.isEmpty() ? "" : ", ").append(q).append(" = ");
                if (updatedAll[i]) sb.append("s.").append(q);
                else sb.append("CASE WHEN substr(s.\"#set\", ").append(i + 1).append(", 1) = '1' THEN s.").append(q)
                        .append(" ELSE t.").append(q).append(" END");
            }
            return sb.toString();
        }

        private String columns(boolean[] mask, String prefix) {
            StringBuilder sb = new StringBuilder();
            List<Column> cols = table.columns();
            for (int i = 0; i < cols.size(); i++) {
                if (mask[i]) sb.append(sb.isEmpty() ? "" : ", ").append(prefix).append(dialect.quote(cols.get(i).name()));
            }
            return sb.toString();
        }

        /** Runs one set-wise statement over this attempt's staged rows of kind {@code op}. */
        private void run(Connection c, String sql, int op, int mask) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, run);
                ps.setShort(2, (short) op);
                if (mask >= 0) ps.setInt(3, mask);
                ps.executeUpdate();
            }
        }
    }

    private static String signature(boolean[] cols) {
        char[] m = new char[cols.length];
        for (int i = 0; i < cols.length; i++) m[i] = cols[i] ? '1' : '0';
        return new String(m);
    }
}
