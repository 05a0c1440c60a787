package dev.freight.store.postgres;

import dev.freight.engine.PlannedChunk;
import dev.freight.engine.PreparedWrite;
import dev.freight.ingest.MappedRow;
import dev.freight.job.Outcome;
import dev.freight.schema.Table;
import dev.freight.store.DecidedUpsert;
import dev.freight.store.DecidedUpsert.Written;
import dev.freight.store.SqlDialect;
import dev.freight.store.TableSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * How PostgreSQL writes a {@link DecidedUpsert} planned without reading anything stored: the rows
 * COPYed into the {@link StagingTable}, then one {@code INSERT … SELECT … ON CONFLICT (<key>) DO
 * UPDATE SET <every other column> WHERE <a column IS DISTINCT FROM its new value> OR … RETURNING
 * <key>, xmax = 0}: a row returned with xmax 0 was inserted, one returned with a locker's xmax
 * updated, one not returned met a stored row it equals (unchanged). PostgreSQL, not Java, finds
 * the stored rows and compares the values, in one statement that another writer cannot slip
 * between.
 *
 * <p>Encoded while planning, as {@link SetWrite} is: binary for the column types read then, which
 * the write checks against the types it locks ({@link #fits}).
 */
final class DecidedCopy implements PreparedWrite {
    /**
     * Column types whose SQL equality is what Freight's comparison of the coerced values says
     * (text compared with COLLATE "C", byte for byte). Not float (rounding), char(n) (trailing
     * blanks), json (no equality) or types Freight does not know.
     */
    private static final int[] COMPARABLE = {CopyBinary.BOOL, CopyBinary.INT2, CopyBinary.INT4, CopyBinary.INT8,
        CopyBinary.TEXT, CopyBinary.VARCHAR, CopyBinary.NUMERIC, CopyBinary.DATE, CopyBinary.TIMESTAMP,
        CopyBinary.TIMESTAMPTZ, CopyBinary.UUID_};

    private final DecidedUpsert decided;
    private final Table table;
    private final TableSql sql;
    private final int[] keyIdx;
    private final long run;
    private final SqlDialect dialect;
    private final CopyRows staged;
    private final ColumnTypes types; // what the rows were encoded for; null: COPY text, right for any types
    private final boolean[] text; // columns compared byte for byte (COLLATE "C")

    /** Encodes the chunk's rows for a table whose columns have {@code types} ({@link #comparable} ones). */
    DecidedCopy(SqlDialect dialect, PlannedChunk p, DecidedUpsert decided, long run, ColumnTypes types) {
        this.decided = decided;
        this.dialect = dialect;
        this.table = p.table();
        this.sql = new TableSql(dialect, table);
        this.keyIdx = p.planner().keyIndexes();
        this.run = run;
        int[] declared = types.of(all(table.columns().size()));
        this.text = new boolean[declared.length];
        for (int i = 0; i < declared.length; i++) text[i] = declared[i] == CopyBinary.TEXT || declared[i] == CopyBinary.VARCHAR;
        CopyRows rows;
        try {
            rows = encode(p.rows(), types);
        } catch (CopyBinary.Unencodable e) {
            rows = encode(p.rows(), null); // a value binary does not encode: all of it as text
        }
        this.staged = rows;
        this.types = staged instanceof CopyBinary ? types : null;
    }

    /**
     * True when every column's type compares in SQL as Freight compares its values, and the
     * table has no triggers of its own (ON CONFLICT fires BEFORE INSERT ones for stored rows too).
     */
    static boolean comparable(ColumnTypes types, int columns) {
        if (types.triggers()) return false;
        int[] all = types.of(all(columns));
        for (int t : all) if (Arrays.stream(COMPARABLE).noneMatch(c -> c == t)) return false;
        return true;
    }

    /** True when the rows are right for a table whose columns have {@code current} types. */
    boolean fits(ColumnTypes current) {
        return types == null || types.equals(current);
    }

    /** Every row to write, staged with its chunk position as {@code #seq}. */
    private CopyRows encode(List<MappedRow> rows, ColumnTypes types) {
        CopyRows staged = CopyRows.forTypes(types == null ? null : types.staged());
        for (int pos : decided.inserts()) {
            staged.value(run).value(pos).value(StagingTable.UPDATE).value(null);
            for (Object v : rows.get(pos).values()) staged.value(v);
            staged.endRow();
        }
        return staged;
    }

    /**
     * Writes the chunk in the caller's transaction, the table locked with the types it was
     * encoded for, and sets each row's outcome. Nothing is undone here: on anything but
     * {@code DONE} the caller rolls back to before the attempt, as it does when a statement is
     * rejected (throws).
     */
    Written write(Connection c, PlannedChunk p, StagingTable stage) throws SQLException {
        int[] written = decided.inserts();
        if (written.length == 0) return Written.DONE;
        stage.prepare(c);
        stage.copy(c, staged);
        Outcome[] outcomes = p.result().outcomes();
        for (int pos : written) outcomes[pos] = Outcome.UNCHANGED; // unless returned
        List<dev.freight.schema.Column> cols = table.columns();
        int returned = 0;
        try (PreparedStatement ps = c.prepareStatement(upsert(stage))) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                Object[] row = new Object[cols.size()];
                while (rs.next()) {
                    for (int i = 0; i < keyIdx.length; i++) row[keyIdx[i]] = dialect.read(rs, i + 1, cols.get(keyIdx[i]));
                    List<Object> key = p.planner().keyOf(row);
                    Integer pos = key == null ? null : decided.positionOf(key);
                    if (pos == null || outcomes[pos] != Outcome.UNCHANGED) return Written.NOT_AS_PLANNED;
                    outcomes[pos] = rs.getBoolean(keyIdx.length + 1) ? Outcome.INSERTED : Outcome.UPDATED;
                    returned++;
                }
            }
        }
        return returned <= written.length ? Written.DONE : Written.NOT_AS_PLANNED;
    }

    /** The INSERT … ON CONFLICT of this attempt's staged rows; returns each row it wrote by key, and whether it inserted it. */
    private String upsert(StagingTable stage) {
        StringBuilder set = new StringBuilder();
        StringBuilder differs = new StringBuilder();
        boolean[] isKey = new boolean[table.columns().size()];
        for (int k : keyIdx) isKey[k] = true;
        for (int i = 0; i < isKey.length; i++) {
            if (isKey[i]) continue;
            String q = sql.column(i);
            set.append(set.isEmpty() ? "" : ", ").append(q).append(" = EXCLUDED.").append(q);
            differs.append(differs.isEmpty() ? "" : " OR ").append("t.").append(q).append(" IS DISTINCT FROM EXCLUDED.").append(q)
                    .append(text[i] ? " COLLATE \"C\"" : "");
        }
        StringBuilder returning = new StringBuilder();
        for (int k : keyIdx) returning.append("t.").append(sql.column(k)).append(", ");
        String columns = sql.columns();
        return "INSERT INTO " + sql.ref() + " AS t (" + columns + ") SELECT " + columns + " FROM " + stage.ref()
                + " WHERE \"#run\" = ? ON CONFLICT (" + sql.columns(keyIdx) + ") DO UPDATE SET " + set
                + " WHERE " + differs + " RETURNING " + returning + "t.xmax = 0";
    }

    private static boolean[] all(int n) {
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        return all;
    }
}
