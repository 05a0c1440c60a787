package dev.freight.store;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.Change;
import dev.freight.engine.ChunkPlanner;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.PlannedChunk;
import dev.freight.ingest.MappedRow;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Applies one chunk to a user table inside the caller's transaction: fetches the stored rows
 * of the chunk's keys in batches, lets {@link ChunkPlanner} decide every row, then writes the
 * net changes the way its store writes fastest (sqlite/, postgres/). A change the database
 * rejects (unique, foreign key, check) fails only the row that caused it: its key is re-planned
 * without that row and written again, one change at a time ({@link #writeInOrder}).
 */
public abstract class TableWriter {
    static final int FETCH_BATCH = 500;

    protected final SqlDialect dialect;
    private final AssociationRows associations;

    protected TableWriter(SqlDialect dialect) {
        this.dialect = dialect;
        this.associations = new AssociationRows(dialect);
    }

    /** Plans and writes a chunk in one transaction, with the association changes its rows carry. */
    public ChunkResult apply(Connection c, Table table, ApplyOptions options, List<MappedRow> rows,
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
    public PlannedChunk plan(Connection c, Table table, ApplyOptions options, List<MappedRow> rows,
                             ChunkPlanner.Autonumbers autonumbers, PlannedChunk before) throws SQLException {
        return plan(c, table, options, rows, autonumbers, before, true);
    }

    /** {@code mayAssumeNew}: false to read the stored rows even where {@link #keysCanBeAssumedNew} allows not to. */
    protected PlannedChunk plan(Connection c, Table table, ApplyOptions options, List<MappedRow> rows,
                                ChunkPlanner.Autonumbers autonumbers, PlannedChunk before, boolean mayAssumeNew)
            throws SQLException {
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
        prepareWrite(c, planned);
        return planned;
    }

    /** Each row's key for its result, where planning did not set one (drawn autonumbers do). */
    private static void fillKeys(PlannedChunk p) {
        ChunkResult result = p.result();
        List<MappedRow> rows = p.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (result.keys()[i] == null && rows.get(i).values() != null) {
                result.keys()[i] = p.planner().keyJson(rows.get(i).values());
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

    /**
     * Hook: work for the write that can be done at planning time, off the writing transaction;
     * {@code c}: the connection the chunk was planned on.
     */
    protected void prepareWrite(Connection c, PlannedChunk p) throws SQLException {}

    /** Writes a planned chunk on {@code c}; the outcomes of rows the database rejects turn to failed. */
    public final ChunkResult write(Connection c, PlannedChunk p) throws SQLException {
        writeChanges(c, p); // every row's key was set when planning (a chunk planned again copies them)
        return p.result();
    }

    /** Writes the planned changes, using what {@link #prepareWrite} prepared if anything. */
    protected abstract void writeChanges(Connection c, PlannedChunk p) throws SQLException;

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
        TableSql sql = new TableSql(dialect, table);
        queryByKeys(c, dialect, table, keys, keyIdx, n -> sql.selectByKeys(keyIdx, n), ps -> collect(ps, table, planner, out));
    }

    /** What a query by keys does with each batch's bound statement: runs it and reads its rows. */
    @FunctionalInterface
    public interface BatchReader {
        void read(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code query} (given a batch's size) for {@code keys} in batches of {@link #FETCH_BATCH},
     * the batch's keys (columns {@code keyIdx}) bound in order, and hands each statement to {@code each}.
     */
    public static void queryByKeys(Connection c, SqlDialect dialect, Table table, List<List<Object>> keys, int[] keyIdx,
                                   IntFunction<String> query, BatchReader each) throws SQLException {
        // one statement per batch size, reused: preparing a statement of 500 parameters costs
        // more than running it, and every batch but the last has the same size
        Map<Integer, PreparedStatement> statements = new HashMap<>();
        try {
            for (int from = 0; from < keys.size(); from += FETCH_BATCH) {
                List<List<Object>> batch = keys.subList(from, Math.min(keys.size(), from + FETCH_BATCH));
                PreparedStatement ps = statements.get(batch.size());
                if (ps == null) {
                    ps = c.prepareStatement(query.apply(batch.size()));
                    statements.put(batch.size(), ps);
                }
                int p = 1;
                for (List<Object> key : batch) {
                    for (int i = 0; i < keyIdx.length; i++) {
                        dialect.bind(ps, p++, table.columns().get(keyIdx[i]).type(), key.get(i));
                    }
                }
                each.read(ps);
            }
        } finally {
            for (PreparedStatement ps : statements.values()) ps.close();
        }
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

    private Object[] readRow(ResultSet rs, Table table) throws SQLException {
        List<Column> cols = table.columns();
        Object[] row = new Object[cols.size()];
        for (int i = 0; i < row.length; i++) row[i] = dialect.read(rs, i + 1, cols.get(i));
        return row;
    }

    /** Writes the changes in order, one statement each; a rejected change fails its last row and its key is re-planned. */
    protected void writeInOrder(Connection c, ChangeStatements statements, ChunkPlanner planner, List<Change> changes)
            throws SQLException {
        for (Change ch : changes) writeOne(c, statements, planner, ch);
    }

    /** Writes one change; when the database rejects it, its last row fails and the key's other rows are written again. */
    protected final void writeOne(Connection c, ChangeStatements statements, ChunkPlanner planner, Change change)
            throws SQLException {
        Change next = change;
        while (next != null) {
            Savepoint sp = savepoint(c);
            try {
                statements.execute(next, planner.keyIndexes());
                if (sp != null) c.releaseSavepoint(sp);
                next = null;
            } catch (SQLException e) {
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

    /**
     * Hook: what undoes a single rejected statement without the rest of the transaction, or null
     * when the database does that by itself (SQLite does; PostgreSQL needs a savepoint).
     */
    protected abstract Savepoint savepoint(Connection c) throws SQLException;

    /**
     * A row's rejection in the database's words, without what it must not repeat (values of
     * the whole row, the driver's own prefixes); a key's values stay: they name the row at fault.
     */
    protected abstract String databaseMessage(SQLException e);
}
