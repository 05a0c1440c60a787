package dev.freight.store;

import dev.freight.ingest.MappedRow;
import dev.freight.job.Outcome;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one chunk to a user table inside the caller's transaction: fetches the stored rows
 * of the chunk's keys in batches, lets {@link ChunkPlanner} decide every row, then writes the
 * net changes. A change the database rejects (unique, foreign key, check) fails only the row
 * that caused it: its key is re-planned without that row and written again.
 */
class TableWriter {
    static final int FETCH_BATCH = 500;

    protected final SqlDialect dialect;
    private final AssociationRows associations;

    TableWriter(SqlDialect dialect) {
        this.dialect = dialect;
        this.associations = new AssociationRows(dialect);
    }

    /** Plans and writes a chunk in one transaction, with the association changes its rows carry. */
    ChunkResult apply(Connection c, Table table, ApplyOptions options, List<MappedRow> rows,
                      ChunkPlanner.Autonumbers autonumbers) throws SQLException {
        AssociationRows.Resolved links = associations.resolve(c, table, rows);
        PlannedChunk planned = plan(c, table, options, links.rows(), autonumbers, null);
        ChunkResult result = write(c, planned);
        associations.apply(c, table, planned, links);
        return result;
    }

    /**
     * Decides every row of a chunk against the stored rows of its keys, read on {@code c}; where
     * {@code before} (a chunk planned earlier and not yet committed) planned a key, its planned row
     * stands in for the stored one. Writes nothing.
     */
    PlannedChunk plan(Connection c, Table table, ApplyOptions options, List<MappedRow> rows,
                      ChunkPlanner.Autonumbers autonumbers, PlannedChunk before) throws SQLException {
        return plan(c, table, options, rows, autonumbers, before, true);
    }

    /** {@code mayAssumeNew}: false to read the stored rows even where {@link #keysCanBeAssumedNew} allows not to. */
    PlannedChunk plan(Connection c, Table table, ApplyOptions options, List<MappedRow> rows,
                      ChunkPlanner.Autonumbers autonumbers, PlannedChunk before, boolean mayAssumeNew) throws SQLException {
        ChunkResult result = ChunkResult.of(rows.size());
        ChunkPlanner planner = new ChunkPlanner(table, options, rows, result, autonumbers);
        boolean assumeNew = mayAssumeNew && !options.key().isEmpty() && keysCanBeAssumedNew(table, options);
        Map<List<Object>, Object[]> stored = options.key().isEmpty() ? Map.of()
                : assumeNew ? new HashMap<>() : fetch(c, table, planner);
        if (before != null && !options.key().isEmpty()) {
            for (Map.Entry<List<Object>, Object[]> e : before.finalStates().entrySet()) {
                if (e.getValue() == null) stored.remove(e.getKey());
                else stored.put(e.getKey(), e.getValue());
            }
        }
        PlannedChunk planned = new PlannedChunk(table, options, rows, planner, planner.plan(stored), result, assumeNew);
        fillKeys(planned);
        prepareWrite(planned);
        return planned;
    }

    /** Each row's key for its result, where planning did not set one (drawn autonumbers do). */
    private static void fillKeys(PlannedChunk p) {
        ChunkResult result = p.result;
        for (int i = 0; i < p.rows.size(); i++) {
            if (result.keys()[i] == null && p.rows.get(i).values() != null) {
                result.keys()[i] = p.planner.keyJson(p.rows.get(i).values());
            }
        }
    }

    /**
     * Hook: true when a chunk may be planned as if none of its keys were stored, because the
     * write will find out otherwise (the database enforces the key) and then plan it again with
     * the stored rows. Saves reading stored rows that an insert mostly does not find.
     */
    protected boolean keysCanBeAssumedNew(Table table, ApplyOptions options) {
        return false;
    }

    /** Hook: work for the write that can be done at planning time, off the writing transaction. */
    protected void prepareWrite(PlannedChunk p) {}

    /** Writes a planned chunk on {@code c}; the outcomes of rows the database rejects turn to failed. */
    final ChunkResult write(Connection c, PlannedChunk p) throws SQLException {
        writeChanges(c, p); // every row's key was set when planning (a chunk planned again copies them)
        return p.result;
    }

    /** Writes the planned changes; a store whose writer prepared more at planning time uses it here. */
    protected void writeChanges(Connection c, PlannedChunk p) throws SQLException {
        write(c, p.table, p.planner, p.changes);
    }

    /** Stored rows whose key is among the chunk's keys, by normalised key. */
    protected Map<List<Object>, Object[]> fetch(Connection c, Table table, ChunkPlanner planner) throws SQLException {
        List<List<Object>> keys = planner.keys();
        Map<List<Object>, Object[]> out = new HashMap<>(keys.size() * 2);
        fetchKeys(c, table, planner, keys, planner.keyIndexes(), out);
        // rows without a key are matched on the alternate key: their stored rows, filed under the key
        List<List<Object>> alternates = planner.alternateKeys();
        if (!alternates.isEmpty()) fetchKeys(c, table, planner, alternates, planner.alternateKeyIndexes(), out);
        return out;
    }

    /** Adds to {@code out} the stored rows whose columns {@code keyIdx} hold one of {@code keys}, filed under their key. */
    protected void fetchKeys(Connection c, Table table, ChunkPlanner planner, List<List<Object>> keys, int[] keyIdx,
                             Map<List<Object>, Object[]> out) throws SQLException {
        String select = "SELECT " + columnList(table) + " FROM " + dialect.tableRef(table.workspace(), table.name())
                + " WHERE ";
        // one statement per batch size, reused: preparing a statement of 500 parameters costs
        // more than running it, and every batch but the last has the same size
        Map<Integer, PreparedStatement> statements = new HashMap<>();
        try {
            for (int from = 0; from < keys.size(); from += FETCH_BATCH) {
                List<List<Object>> batch = keys.subList(from, Math.min(keys.size(), from + FETCH_BATCH));
                PreparedStatement ps = statements.get(batch.size());
                if (ps == null) {
                    ps = c.prepareStatement(selectByKeys(select, table, keyIdx, batch.size()));
                    statements.put(batch.size(), ps);
                }
                int p = 1;
                for (List<Object> key : batch) {
                    for (int i = 0; i < keyIdx.length; i++) {
                        dialect.bind(ps, p++, table.columns().get(keyIdx[i]).type(), key.get(i));
                    }
                }
                collect(ps, table, planner, out);
            }
        } finally {
            for (PreparedStatement ps : statements.values()) ps.close();
        }
    }

    private String selectByKeys(String select, Table table, int[] keyIdx, int n) {
        StringBuilder q = new StringBuilder(select);
        if (keyIdx.length == 1) {
            q.append(dialect.quote(table.columns().get(keyIdx[0]).name())).append(" IN (");
            for (int i = 0; i < n; i++) q.append(i == 0 ? "?" : ", ?");
            q.append(')');
        } else {
            q.append('(');
            for (int i = 0; i < keyIdx.length; i++) {
                q.append(i == 0 ? "" : ", ").append(dialect.quote(table.columns().get(keyIdx[i]).name()));
            }
            q.append(") IN (VALUES ");
            String tuple = "(" + "?, ".repeat(keyIdx.length - 1) + "?)";
            for (int i = 0; i < n; i++) q.append(i == 0 ? "" : ", ").append(tuple);
            q.append(')');
        }
        return q.toString();
    }

    /** Runs a query of stored rows and files each under its normalised key. */
    protected void collect(PreparedStatement ps, Table table, ChunkPlanner planner, Map<List<Object>, Object[]> out)
            throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object[] row = readRow(rs, table);
                List<Object> k = planner.keyOf(row);
                if (k != null) out.put(k, row);
            }
        }
    }

    Object[] readRow(ResultSet rs, Table table) throws SQLException {
        List<Column> cols = table.columns();
        Object[] row = new Object[cols.size()];
        for (int i = 0; i < row.length; i++) row[i] = dialect.read(rs, i + 1, cols.get(i));
        return row;
    }

    String columnList(Table table) {
        StringBuilder sb = new StringBuilder();
        for (Column col : table.columns()) sb.append(sb.isEmpty() ? "" : ", ").append(dialect.quote(col.name()));
        return sb.toString();
    }

    /** Writes the changes in order; a rejected change fails its last row and its key is re-planned. */
    protected void write(Connection c, Table table, ChunkPlanner planner, List<ChunkPlanner.Change> changes)
            throws SQLException {
        Statements statements = new Statements(c, table);
        try {
            boolean savepoints = dialect.kind() == StoreKind.POSTGRESQL;
            // SQLite: a run of inserts (or updates) of the same columns goes in MULTI_ROW changes per
            // statement, which spares most of the per-statement native calls; a statement the
            // database rejects is undone alone, and its changes are then written one at a time
            int oneByOneUntil = 0;
            for (int i = 0; i < changes.size(); i++) {
                if (!savepoints && i >= oneByOneUntil && sameStatementRun(changes, i) == MULTI_ROW) {
                    if (statements.executeMany(changes.subList(i, i + MULTI_ROW), planner.keyIndexes())) {
                        i += MULTI_ROW - 1;
                        continue;
                    }
                    oneByOneUntil = i + MULTI_ROW; // rejected: these go one at a time, so the row at fault fails alone
                }
                ChunkPlanner.Change next = changes.get(i);
                while (next != null) {
                    Savepoint sp = savepoints ? c.setSavepoint() : null;
                    try {
                        statements.execute(next, planner.keyIndexes());
                        if (sp != null) c.releaseSavepoint(sp);
                        next = null;
                    } catch (SQLException e) {
                        // SQLite undoes just the failed statement; PostgreSQL needs the savepoint
                        if (sp != null) c.rollback(sp);
                        String message = databaseMessage(e);
                        if (next.group() == null) {
                            planner.fail(next.lastRow(), message);
                            next = null;
                        } else {
                            next = planner.replan(next.group(), next.lastRow(), message);
                        }
                    }
                }
            }
        } finally {
            statements.close();
        }
    }

    /** Changes written by one multi-row statement on SQLite: 50 rows of 10 columns are 500 parameters. */
    static final int MULTI_ROW = 50;

    /** How many changes from {@code from} on (at most {@link #MULTI_ROW}) one multi-row statement can write. */
    private static int sameStatementRun(List<ChunkPlanner.Change> changes, int from) {
        ChunkPlanner.Change first = changes.get(from);
        if (first.kind() == ChunkPlanner.Change.Kind.DELETE) return 0;
        int n = 1;
        while (n < MULTI_ROW && from + n < changes.size()) {
            ChunkPlanner.Change ch = changes.get(from + n);
            if (ch.kind() != first.kind() || !java.util.Arrays.equals(ch.columns(), first.columns())) break;
            n++;
        }
        return n;
    }

    /**
     * A row's rejection in the database's words, without what it must not repeat: PostgreSQL's
     * "Failing row contains (…)" lists every value of the row (passwords too), and sqlite-jdbc
     * prefixes its result code name. A key's values ("Key (email)=(…) already exists") stay:
     * they name the row at fault.
     */
    static String databaseMessage(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            org.postgresql.util.ServerErrorMessage m = p.getServerErrorMessage();
            String detail = m.getDetail();
            return "rejected by the database: " + m.getMessage()
                    + (detail != null && detail.startsWith("Key (") ? " " + detail : "");
        }
        String m = e.getMessage() == null ? "no reason given" : e.getMessage();
        // sqlite-jdbc: "[SQLITE_CONSTRAINT_UNIQUE] A UNIQUE constraint failed (UNIQUE constraint failed: t.email)"
        if (m.startsWith("[SQLITE_")) {
            int open = m.indexOf(" (");
            int close = m.indexOf("] ");
            if (open > 0 && m.endsWith(")")) m = m.substring(open + 2, m.length() - 1);
            else if (close > 0) m = m.substring(close + 2);
        }
        return "rejected by the database: " + m.replace('\n', ' ');
    }

    /** Prepared INSERT/UPDATE/DELETE statements for one chunk, one per set of columns. */
    private final class Statements implements AutoCloseable {
        private final Connection c;
        private final Table table;
        private final String ref; // validated and quoted once, not per row
        private final Map<Object, PreparedStatement> cache = new HashMap<>();

        Statements(Connection c, Table table) {
            this.c = c;
            this.table = table;
            this.ref = dialect.tableRef(table.workspace(), table.name());
        }

        void execute(ChunkPlanner.Change ch, int[] keyIdx) throws SQLException {
            List<Column> cols = table.columns();
            switch (ch.kind()) {
                case INSERT -> {
                    Object sig = signature('I', ch.columns());
                    PreparedStatement ps = cache.get(sig);
                    if (ps == null) {
                        String names = columnNames(ch.columns());
                        int n = 0;
                        for (boolean given : ch.columns()) if (given) n++;
                        String sql = names.isEmpty() ? "INSERT INTO " + ref + " DEFAULT VALUES"
                                : "INSERT INTO " + ref + " (" + names + ") VALUES (" + "?, ".repeat(n - 1) + "?)";
                        ps = c.prepareStatement(sql);
                        cache.put(sig, ps);
                    }
                    int p = 1;
                    for (int i = 0; i < cols.size(); i++) {
                        if (ch.columns()[i]) dialect.bind(ps, p++, cols.get(i).type(), ch.row()[i]);
                    }
                    ps.executeUpdate();
                }
                case UPDATE -> {
                    Object sig = signature('U', ch.columns());
                    PreparedStatement ps = cache.get(sig);
                    if (ps == null) {
                        StringBuilder set = new StringBuilder();
                        for (int i = 0; i < cols.size(); i++) {
                            if (ch.columns()[i]) set.append(set.isEmpty() ? "" : ", ").append(dialect.quote(cols.get(i).name())).append(" = ?");
                        }
                        ps = c.prepareStatement("UPDATE " + ref + " SET " + set + " WHERE " + keyWhere(keyIdx));
                        cache.put(sig, ps);
                    }
                    int p = 1;
                    for (int i = 0; i < cols.size(); i++) {
                        if (ch.columns()[i]) dialect.bind(ps, p++, cols.get(i).type(), ch.row()[i]);
                    }
                    bindKey(ps, p, ch.group().initial, keyIdx);
                    ps.executeUpdate();
                }
                case DELETE -> {
                    PreparedStatement ps = cache.get("D");
                    if (ps == null) {
                        ps = c.prepareStatement("DELETE FROM " + ref + " WHERE " + keyWhere(keyIdx));
                        cache.put("D", ps);
                    }
                    bindKey(ps, 1, ch.group().initial, keyIdx);
                    ps.executeUpdate();
                }
            }
        }

        /**
         * Writes changes of one kind and one column set with one statement: INSERT … VALUES (…), (…)
         * or UPDATE … FROM (VALUES …) joined on the stored key. False when the database rejected it;
         * SQLite has then undone that statement alone.
         */
        boolean executeMany(List<ChunkPlanner.Change> batch, int[] keyIdx) throws SQLException {
            ChunkPlanner.Change first = batch.get(0);
            boolean[] given = first.columns();
            boolean insert = first.kind() == ChunkPlanner.Change.Kind.INSERT;
            Object sig = "M" + insert + batch.size() + java.util.Arrays.toString(given);
            PreparedStatement ps = cache.get(sig);
            List<Column> cols = table.columns();
            int width = (insert ? 0 : keyIdx.length);
            for (boolean g : given) if (g) width++;
            if (width == 0) return false;
            if (ps == null) {
                String tuple = "(" + "?, ".repeat(width - 1) + "?)";
                String values = String.join(", ", java.util.Collections.nCopies(batch.size(), tuple));
                StringBuilder sql = new StringBuilder();
                if (insert) {
                    sql.append("INSERT INTO ").append(ref).append(" (").append(columnNames(given)).append(") VALUES ").append(values);
                } else {
                    // VALUES columns are column1, column2, …: the key parts first, then the assigned columns
                    StringBuilder set = new StringBuilder();
                    int v = keyIdx.length + 1;
                    for (int i = 0; i < cols.size(); i++) {
                        if (given[i]) set.append(set.isEmpty() ? "" : ", ").append(dialect.quote(cols.get(i).name())).append(" = v.column").append(v++);
                    }
                    StringBuilder join = new StringBuilder();
                    for (int k = 0; k < keyIdx.length; k++) {
                        join.append(k == 0 ? "" : " AND ").append("t.").append(dialect.quote(cols.get(keyIdx[k]).name()))
                                .append(" = v.column").append(k + 1);
                    }
                    sql.append("UPDATE ").append(ref).append(" AS t SET ").append(set).append(" FROM (VALUES ").append(values)
                            .append(") AS v WHERE ").append(join);
                }
                ps = c.prepareStatement(sql.toString());
                cache.put(sig, ps);
            }
            int p = 1;
            for (ChunkPlanner.Change ch : batch) {
                if (!insert) p = bindKey(ps, p, ch.group().initial, keyIdx);
                for (int i = 0; i < cols.size(); i++) {
                    if (given[i]) dialect.bind(ps, p++, cols.get(i).type(), ch.row()[i]);
                }
            }
            try {
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        /** The quoted names of the columns {@code mask} marks, comma-separated. */
        private String columnNames(boolean[] mask) {
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) names.append(names.isEmpty() ? "" : ", ").append(dialect.quote(table.columns().get(i).name()));
            }
            return names.toString();
        }

        private String keyWhere(int[] keyIdx) {
            StringBuilder w = new StringBuilder();
            for (int k : keyIdx) {
                w.append(w.isEmpty() ? "" : " AND ").append(dialect.quote(table.columns().get(k).name())).append(" = ?");
            }
            return w.toString();
        }

        /** Binds the key parts from position {@code p}; returns the next position. */
        private int bindKey(PreparedStatement ps, int p, Object[] row, int[] keyIdx) throws SQLException {
            for (int k : keyIdx) dialect.bind(ps, p++, table.columns().get(k).type(), row[k]);
            return p;
        }

        /** A statement's cache key: kind and column set, as one number where the columns fit (this runs per row). */
        private Object signature(char kind, boolean[] cols) {
            if (cols.length < 62) {
                long bits = kind == 'I' ? 1L << 62 : 0;
                for (int i = 0; i < cols.length; i++) if (cols[i]) bits |= 1L << i;
                return bits;
            }
            char[] m = new char[cols.length + 1];
            m[0] = kind;
            for (int i = 0; i < cols.length; i++) m[i + 1] = cols[i] ? '1' : '0';
            return new String(m);
        }

        @Override
        public void close() {
            for (PreparedStatement ps : cache.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing is best effort; the transaction's outcome is decided elsewhere
                }
            }
        }
    }

    static boolean failed(ChunkResult r, int pos) {
        return r.outcomes()[pos] == Outcome.FAILED;
    }
}
