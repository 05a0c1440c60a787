package dev.freight.store.postgres;

import dev.freight.engine.Change;
import dev.freight.engine.ChunkPlanner;
import dev.freight.engine.PreparedWrite;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.store.SqlDialect;
import dev.freight.store.TableSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt at writing a group of changes set-wise. Deletes go first, then updates, then
 * inserts, so that a unique value the chunk frees is free before an insert takes it. That is
 * the one place where set-wise is more lenient than row order: an insert that row order would
 * have rejected because a later row of the same chunk frees its value goes in. Whatever fails
 * set-wise is redone in row order (see {@link PostgresTableWriter}).
 *
 * <p>The rows go by binary COPY when the columns' PostgreSQL types are known ({@link ColumnTypes})
 * and binary encodes each value as its text form would store it; else (a value binary does not
 * encode, a type it does not know) the whole attempt goes by COPY text.
 */
final class SetWrite implements PreparedWrite {
    private static final String FILTER = "s.\"#run\" = ? AND s.\"#op\" = ?";
    private final Table table;
    private final TableSql sql;
    private final ChunkPlanner planner;
    private final int[] keyIdx;
    private final long run;
    private final List<Change> changes;
    private final ColumnTypes types;
    /** New rows by the set of columns they give, in the order each set first appears. */
    private final Map<Columns, CopyRows> direct = new LinkedHashMap<>();
    private final boolean[] updatedSome;
    private final boolean[] updatedAll;
    private int updates;
    private int deletes;
    private final CopyRows staged;
    private final boolean binary;

    /** {@code types}: the table's column types to encode for (null: unknown, COPY text). */
    SetWrite(SqlDialect dialect, Table table, ChunkPlanner planner, long run, List<Change> changes, ColumnTypes types) {
        this.table = table;
        this.sql = new TableSql(dialect, table);
        this.planner = planner;
        this.keyIdx = planner.keyIndexes();
        this.run = run;
        this.changes = changes;
        int n = table.columns().size();
        this.updatedSome = new boolean[n];
        this.updatedAll = new boolean[n];
        // all encoding happens here, so that it can happen ahead
        CopyRows rows;
        try {
            rows = stagedRows(types);
        } catch (CopyBinary.Unencodable e) {
            rows = stagedRows(null); // the one place where binary gives way to text
        }
        this.staged = rows;
        this.binary = staged instanceof CopyBinary || direct.values().stream().anyMatch(d -> d instanceof CopyBinary);
        this.types = binary ? types : null;
    }

    /**
     * True when this attempt's rows are right for a table whose columns have {@code current}
     * types: text always is (the server parses it for whatever type), binary only for the types it
     * was encoded for.
     */
    boolean fits(ColumnTypes current) {
        return !binary || types.equals(current);
    }

    /** True when a COPY of this attempt is binary (for tests). */
    boolean binary() {
        return binary;
    }

    /** Writes the changes; {@code stage}: the staging table for the types in force ({@link #fits}). */
    void execute(Connection c, StagingTable stage) throws SQLException {
        if (!staged.isEmpty()) stage.copy(c, staged);
        String ref = sql.ref();
        if (deletes > 0) {
            run(c, "DELETE FROM " + ref + " AS t USING " + stage.ref() + " AS s WHERE " + FILTER + keyJoin(),
                    StagingTable.DELETE);
        }
        if (updates > 0) {
            run(c, "UPDATE " + ref + " AS t SET " + assignments() + " FROM " + stage.ref() + " AS s WHERE "
                    + FILTER + keyJoin(), StagingTable.UPDATE);
        }
        // new rows go straight into the table with COPY, one per set of given columns, in row
        // order: no staging copy and no INSERT … SELECT for the rows most imports mostly are
        for (Map.Entry<Columns, CopyRows> e : direct.entrySet()) e.getValue().copyIn(c, sql.copyIn(e.getKey().given()));
    }

    /**
     * The changes as COPY rows, binary where {@code types} allow it (else text); counts them and
     * collects the insert column sets on the way.
     */
    private CopyRows stagedRows(ColumnTypes types) {
        direct.clear();
        updates = 0;
        deletes = 0;
        Arrays.fill(updatedSome, false);
        Arrays.fill(updatedAll, true);
        CopyRows rows = CopyRows.forTypes(types == null ? null : types.staged());
        List<Column> cols = table.columns();
        for (int seq = 0; seq < changes.size(); seq++) {
            Change ch = changes.get(seq);
            int op;
            String set = null;
            Object[] values = ch.row();
            switch (ch.kind()) {
                case INSERT -> {
                    CopyRows target = direct.computeIfAbsent(new Columns(ch.columns()),
                            k -> CopyRows.forTypes(types == null ? null : types.of(k.given())));
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
                    values = keyOnly(ch.group().initial());
                }
            }
            rows.value(run).value(seq).value(op).value(set);
            for (Object v : values) rows.value(v);
            rows.endRow();
        }
        return rows;
    }

    /** The new row with the key exactly as stored (the join finds the row the plan read). */
    private Object[] withStoredKey(Change ch) {
        Object[] v = ch.row().clone();
        for (int k : keyIdx) v[k] = ch.group().initial()[k];
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
            String q = sql.column(k);
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
            String q = sql.column(i);
            sb.append(sb.isEmpty() ? "" : ", ").append(q).append(" = ");
            if (updatedAll[i]) sb.append("s.").append(q);
            else sb.append("CASE WHEN substr(s.\"#set\", ").append(i + 1).append(", 1) = '1' THEN s.").append(q)
                    .append(" ELSE t.").append(q).append(" END");
        }
        return sb.toString();
    }

    /** Runs one set-wise statement over this attempt's staged rows of kind {@code op}. */
    private void run(Connection c, String statement, int op) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setLong(1, run);
            ps.setShort(2, (short) op);
            ps.executeUpdate();
        }
    }

    /** A set of given columns as a map key: equal by its flags (an array alone is equal by identity). */
    private record Columns(boolean[] given) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Columns c && Arrays.equals(given, c.given);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(given);
        }
    }

    private static String signature(boolean[] cols) {
        char[] m = new char[cols.length];
        for (int i = 0; i < cols.length; i++) m[i] = cols[i] ? '1' : '0';
        return new String(m);
    }
}
