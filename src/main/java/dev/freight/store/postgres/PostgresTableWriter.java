package dev.freight.store.postgres;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.Change;
import dev.freight.engine.ChunkPlanner;
import dev.freight.engine.PlannedChunk;
import dev.freight.engine.Values;
import dev.freight.job.ImportMode;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import dev.freight.store.ChangeStatements;
import dev.freight.store.TableSql;
import dev.freight.store.TableWriter;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.jdbc.PSQLSavepoint;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

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
 *
 * <p>The COPYs are binary where the columns' PostgreSQL types are known: read while planning (or
 * as the last write read them), and read again by each write with the table locked, which encodes
 * the chunk again if another tool changed a type in between ({@link ColumnTypes}).
 */
public final class PostgresTableWriter extends TableWriter {
    /** At or below this many changes a failing group is written change by change. */
    static final int SPLIT_FLOOR = 16;
    /** The savepoint before an insert-only chunk's first write, which is undone if a key was stored after all. */
    private static final String FIRST_WRITE = "freight_first_write";

    private final AtomicLong runs = new AtomicLong();
    /** Each table's column types as last read, by quoted name: what a chunk is planned with. */
    private final Map<String, ColumnTypes> lastTypes = new ConcurrentHashMap<>();

    public PostgresTableWriter(PostgresDialect dialect) {
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
        try (PreparedStatement ps = c.prepareStatement(new TableSql(dialect, table).selectByKeyArrays(keyIdx))) {
            for (int i = 0; i < keyIdx.length; i++) ps.setArray(i + 1, keyArray(c, table.columns().get(keyIdx[i]), keys, i));
            collect(ps, table, planner, out);
        }
    }

    /**
     * Part {@code part} of every key, as an array of the column's type: integers as int8 (the
     * driver sends them in binary: no text to write or for the server to parse), the others as
     * text the server parses.
     */
    private static Array keyArray(Connection c, Column col, List<List<Object>> keys, int part) throws SQLException {
        if (col.type() == ColumnType.INTEGER) {
            Long[] longs = new Long[keys.size()];
            int i = 0;
            while (i < longs.length && keys.get(i).get(part) instanceof Long n) longs[i++] = n;
            if (i == longs.length) return c.createArrayOf("int8", longs);
        }
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

    /** Encodes the first set-wise attempt while planning, so the writing transaction only sends it. */
    @Override
    protected void prepareWrite(Connection c, PlannedChunk p) throws SQLException {
        if (p.changes().isEmpty() || !setWise(p.changes())) return;
        p.prepared(new SetWrite(dialect, p.table(), p.planner(), runs.incrementAndGet(), p.changes(), plannedTypes(c, p.table())));
    }

    /** The column types to encode a chunk with: as last read (a write checks them), else read now on {@code c}. */
    private ColumnTypes plannedTypes(Connection c, Table table) throws SQLException {
        String ref = new TableSql(dialect, table).ref();
        ColumnTypes last = lastTypes.get(ref);
        if (last != null && last.describe(table)) return last;
        ColumnTypes now = ColumnTypes.read(c, dialect, table);
        lastTypes.put(ref, now);
        return now;
    }

    /**
     * The column types in force, locked until the transaction ends: what this transaction's COPYs
     * must encode for; {@code savepoint} (if not null) is set once they are read.
     */
    private ColumnTypes lockedTypes(Connection c, Table table, PSQLSavepoint savepoint) throws SQLException {
        ColumnTypes now = ColumnTypes.readLocked(c, dialect, table, savepoint);
        lastTypes.put(new TableSql(dialect, table).ref(), now);
        return now;
    }

    /** An insert-only chunk on a key the database enforces: its conflicts show when it is written. */
    @Override
    protected boolean keysCanBeAssumedNew(Table table, ApplyOptions options) {
        if (options.mode() != ImportMode.INSERT || !table.isUniqueKey(options.key())) return false;
        for (Column col : table.columns()) if (col.autonumber()) return false; // a second plan would draw again
        return true;
    }

    @Override
    protected void writeChanges(Connection c, PlannedChunk p) throws SQLException {
        SetWrite firstAttempt = firstAttempt(p);
        if (!p.assumedNew()) {
            write(c, p.table(), p.planner(), p.changes(), firstAttempt, null);
            return;
        }
        ColumnTypes types = null; // read and locked once per transaction
        if (firstAttempt != null) {
            // set in the round trip that locks the table: a chunk's transaction pays a few round trips as it is
            PSQLSavepoint sp = new PSQLSavepoint(FIRST_WRITE);
            types = lockedTypes(c, p.table(), sp);
            if (!firstAttempt.fits(types)) {
                firstAttempt = new SetWrite(dialect, p.table(), p.planner(), runs.incrementAndGet(), p.changes(), types);
            }
            try {
                firstAttempt.execute(c, new StagingTable(dialect, p.table(), types)); // new rows only: nothing staged
                return; // the savepoint stays until the commit releases it: a RELEASE would cost a round trip
            } catch (SQLException e) {
                if (fatal(e)) throw e;
                c.rollback(sp); // a key was stored after all (or another row was rejected): plan with the stored rows
            }
        }
        PlannedChunk actual = plan(c, p.table(), p.options(), p.rows(), col -> {
            throw new IllegalStateException("no autonumbers here");
        }, null, false);
        write(c, actual.table(), actual.planner(), actual.changes(), firstAttempt(actual), types);
        p.replacedBy(actual);
    }

    /** The first set-wise attempt that {@link #prepareWrite} encoded while planning, or null. */
    private static SetWrite firstAttempt(PlannedChunk p) {
        return p.prepared() instanceof SetWrite s ? s : null;
    }

    /** {@code locked}: the types this transaction already read with the table locked, or null to read them now. */
    private void write(Connection c, Table table, ChunkPlanner planner, List<Change> changes,
                       SetWrite ready, ColumnTypes locked) throws SQLException {
        if (changes.isEmpty()) return;
        if (!setWise(changes)) {
            writeInOrder(c, table, planner, changes);
            return;
        }
        ColumnTypes types = locked != null ? locked : lockedTypes(c, table, null);
        StagingTable stage = new StagingTable(dialect, table, types);
        // only when rows are staged: a transaction that touches a temp table pays a truncate at commit
        if (stagesAny(changes)) stage.prepare(c);
        writeOrSplit(c, table, planner, stage, types, changes, ready != null && ready.fits(types) ? ready : null);
    }

    private static boolean stagesAny(List<Change> changes) {
        for (Change ch : changes) if (ch.kind() != Change.Kind.INSERT) return true;
        return false;
    }

    /** An insert that gives no column at all needs DEFAULT VALUES, which INSERT … SELECT cannot say. */
    private static boolean setWise(List<Change> changes) {
        for (Change ch : changes) {
            if (ch.kind() == Change.Kind.INSERT && !any(ch.columns())) return false;
        }
        return true;
    }

    private void writeOrSplit(Connection c, Table table, ChunkPlanner planner, StagingTable stage, ColumnTypes types,
                              List<Change> changes, SetWrite ready) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            (ready != null ? ready : new SetWrite(dialect, table, planner, runs.incrementAndGet(), changes, types)).execute(c, stage);
            return; // the savepoint stays until the commit releases it: a RELEASE would cost a round trip
        } catch (SQLException e) {
            if (fatal(e)) throw e;
            c.rollback(sp);
        }
        if (changes.size() <= SPLIT_FLOOR) {
            writeInOrder(c, table, planner, changes);
            return;
        }
        int mid = changes.size() / 2;
        writeOrSplit(c, table, planner, stage, types, changes.subList(0, mid), null);
        writeOrSplit(c, table, planner, stage, types, changes.subList(mid, changes.size()), null);
    }

    /** Writes the changes one statement each, each under a savepoint: only the rejected ones fail. */
    private void writeInOrder(Connection c, Table table, ChunkPlanner planner, List<Change> changes) throws SQLException {
        try (ChangeStatements statements = new ChangeStatements(c, dialect, table)) {
            writeInOrder(c, statements, planner, changes);
        }
    }

    /** PostgreSQL aborts the whole transaction on an error: each statement of the row-by-row path gets a savepoint. */
    @Override
    protected Savepoint savepoint(Connection c) throws SQLException {
        return c.setSavepoint();
    }

    /**
     * PostgreSQL's "Failing row contains (…)" lists every value of the row (passwords too): only
     * its message is kept, and a key's values ("Key (email)=(…) already exists") where it names one.
     */
    @Override
    protected String databaseMessage(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String detail = m.getDetail();
            return "rejected by the database: " + m.getMessage()
                    + (detail != null && detail.startsWith("Key (") ? " " + detail : "");
        }
        String m = e.getMessage() == null ? "no reason given" : e.getMessage();
        return "rejected by the database: " + m.replace('\n', ' ');
    }

    /** Errors that no row caused: the connection or the server is gone, so splitting cannot help. */
    private static boolean fatal(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57") || state.startsWith("53")
                || state.startsWith("58") || state.startsWith("XX");
    }

    private static boolean any(boolean[] flags) {
        for (boolean f : flags) if (f) return true;
        return false;
    }
}
