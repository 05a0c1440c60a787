package dev.freight.store.sqlite;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.Change;
import dev.freight.engine.ChunkPlanner;
import dev.freight.engine.PlannedChunk;
import dev.freight.ingest.MappedRow;
import dev.freight.job.Outcome;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.store.ChangeStatements;
import dev.freight.store.TableWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a chunk on SQLite. A run of inserts (or updates) of the same columns goes in
 * {@link #MULTI_ROW} changes per statement, which spares most of the per-statement native calls;
 * a statement the database rejects is undone alone (SQLite needs no savepoint for that), and its
 * changes are then written one at a time, so that the row at fault fails alone.
 */
public final class SqliteTableWriter extends TableWriter {
    /** Changes written by one multi-row statement: 50 rows of 10 columns are 500 parameters. */
    static final int MULTI_ROW = 50;

    /** The last chunk decided as it was written had stored rows that changed nothing (a hint for the next one, of any job). */
    private volatile boolean expectUnchanged;

    public SqliteTableWriter(SqliteDialect dialect) {
        super(dialect);
    }

    /** An upsert chunk that {@link DecidedUpsert} can decide as it writes is planned that way. */
    @Override
    protected PlannedChunk plan(Connection c, Table table, ApplyOptions options, List<MappedRow> rows,
                                ChunkPlanner.Autonumbers autonumbers, PlannedChunk before, boolean mayAssumeNew)
            throws SQLException {
        if (mayAssumeNew && DecidedUpsert.qualifies(table, options)) {
            PlannedChunk p = DecidedUpsert.plan(c, (SqliteDialect) dialect, table, options, rows, before);
            if (p != null) return p;
        }
        return super.plan(c, table, options, rows, autonumbers, before, mayAssumeNew);
    }

    @Override
    protected void writeChanges(Connection c, PlannedChunk p) throws SQLException {
        if (!(p.prepared() instanceof DecidedUpsert decided)) {
            writePlanned(c, p);
            return;
        }
        // counted first, unless the last chunk had stored rows that changed nothing: then those
        // are likely again, and each UPDATE returns what it changed
        boolean returning = expectUnchanged;
        DecidedUpsert.Written w = attempt(c, decided, p, returning);
        if (w == DecidedUpsert.Written.SOME_UNCHANGED) {
            returning = true;
            w = attempt(c, decided, p, true);
        }
        if (w == DecidedUpsert.Written.DONE) {
            expectUnchanged = returning && Arrays.asList(p.result().outcomes()).contains(Outcome.UNCHANGED);
            return;
        }
        PlannedChunk actual = plan(c, p.table(), p.options(), p.rows(), col -> {
            throw new IllegalStateException("no autonumbers here");
        }, null, false);
        writePlanned(c, actual);
        p.replacedBy(actual);
    }

    /** One attempt at a decided write; all of it undone unless it is {@code DONE} (a rejected statement: NOT_AS_PLANNED). */
    private DecidedUpsert.Written attempt(Connection c, DecidedUpsert decided, PlannedChunk p, boolean returning)
            throws SQLException {
        Savepoint sp = c.setSavepoint();
        DecidedUpsert.Written w;
        try {
            w = decided.write(c, (SqliteDialect) dialect, p, returning);
        } catch (SQLException e) {
            w = DecidedUpsert.Written.NOT_AS_PLANNED; // a row was rejected: the planned write finds which, and fails it alone
        }
        if (w != DecidedUpsert.Written.DONE) c.rollback(sp);
        c.releaseSavepoint(sp);
        return w;
    }

    /** Writes the changes {@link ChunkPlanner} planned, many per statement where they allow. */
    private void writePlanned(Connection c, PlannedChunk p) throws SQLException {
        List<Change> changes = p.changes();
        ChunkPlanner planner = p.planner();
        try (ChangeStatements statements = new ChangeStatements(c, dialect, p.table())) {
            int oneByOneUntil = 0;
            for (int i = 0; i < changes.size(); i++) {
                if (i >= oneByOneUntil && sameStatementRun(changes, i) == MULTI_ROW) {
                    if (executeMany(statements, p.table(), changes.subList(i, i + MULTI_ROW), planner.keyIndexes())) {
                        i += MULTI_ROW - 1;
                        continue;
                    }
                    oneByOneUntil = i + MULTI_ROW; // rejected: these go one at a time, so the row at fault fails alone
                }
                writeOne(c, statements, planner, changes.get(i));
            }
        }
    }

    /** How many changes from {@code from} on (at most {@link #MULTI_ROW}) one multi-row statement can write. */
    private static int sameStatementRun(List<Change> changes, int from) {
        Change first = changes.get(from);
        if (first.kind() == Change.Kind.DELETE) return 0;
        int n = 1;
        while (n < MULTI_ROW && from + n < changes.size()) {
            Change ch = changes.get(from + n);
            if (ch.kind() != first.kind() || !Arrays.equals(ch.columns(), first.columns())) break;
            n++;
        }
        return n;
    }

    /**
     * Writes changes of one kind and one column set with one statement: INSERT … VALUES (…), (…)
     * or UPDATE … FROM (VALUES …) joined on the stored key. False when the database rejected it;
     * SQLite has then undone that statement alone.
     */
    private boolean executeMany(ChangeStatements statements, Table table, List<Change> batch, int[] keyIdx)
            throws SQLException {
        Change first = batch.get(0);
        boolean[] given = first.columns();
        boolean insert = first.kind() == Change.Kind.INSERT;
        Object sig = "M" + insert + batch.size() + Arrays.toString(given);
        PreparedStatement ps = statements.cached(sig);
        List<Column> cols = table.columns();
        int width = (insert ? 0 : keyIdx.length);
        for (boolean g : given) if (g) width++;
        if (width == 0) return false;
        if (ps == null) {
            ps = statements.prepare(sig, insert ? statements.sql().insertRows(given, batch.size())
                    : statements.sql().updateRows(given, keyIdx, batch.size()));
        }
        int p = 1;
        for (Change ch : batch) {
            if (!insert) p = statements.bindKey(ps, p, ch.group().initial(), keyIdx);
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

    /** SQLite undoes just the failed statement. */
    @Override
    protected Savepoint savepoint(Connection c) {
        return null;
    }

    /** sqlite-jdbc prefixes its result code name: "[SQLITE_CONSTRAINT_UNIQUE] A UNIQUE constraint failed (UNIQUE constraint failed: t.email)". */
    @Override
    protected String databaseMessage(SQLException e) {
        String m = e.getMessage() == null ? "no reason given" : e.getMessage();
        if (m.startsWith("[SQLITE_")) {
            int open = m.indexOf(" (");
            int close = m.indexOf("] ");
            if (open > 0 && m.endsWith(")")) m = m.substring(open + 2, m.length() - 1);
            else if (close > 0) m = m.substring(close + 2);
        }
        return "rejected by the database: " + m.replace('\n', ' ');
    }
}
