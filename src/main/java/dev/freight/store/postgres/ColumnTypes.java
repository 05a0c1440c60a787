package dev.freight.store.postgres;

import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.store.SqlDialect;
import dev.freight.store.TableSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.jdbc.PSQLSavepoint;

/**
 * The PostgreSQL type of each column of a user table, as binary COPY needs it: Freight's
 * {@code ColumnType} stands for several (INTEGER: int2, int4 or int8), and a binary value must be
 * in its column's exact type. Read from pg_attribute by column name; a domain as its base type.
 *
 * <p>Another tool can change a type (ALTER COLUMN TYPE) at any time, so types read while planning
 * are only what the chunk is encoded with: the write reads them again with {@link #readLocked},
 * which locks the table so that they stay as read until its transaction ends, and encodes again
 * if they changed.
 */
final class ColumnTypes {
    /** The staging table's bookkeeping columns ({@link StagingTable}): bigint, integer, smallint, text. */
    private static final int[] BOOKKEEPING = {CopyBinary.INT8, CopyBinary.INT4, CopyBinary.INT2, CopyBinary.TEXT};

    private final List<String> names;
    private final int[] declared; // pg_attribute.atttypid per Freight column; 0: no such column
    private final int[] base;     // the type whose binary form the column takes (a domain's base type)

    private ColumnTypes(List<String> names, int[] declared, int[] base) {
        this.names = names;
        this.declared = declared;
        this.base = base;
    }

    /** The types as committed now, without a lock (for planning). */
    static ColumnTypes read(Connection c, SqlDialect dialect, Table table) throws SQLException {
        return read(c, dialect, table, false, null);
    }

    /**
     * The types, with the table locked (ROW EXCLUSIVE, as its writes lock it) until the transaction
     * ends: no other transaction can change them before this one's COPYs have run; then
     * {@code savepoint} (if not null) is set, which rolling back to keeps the lock. One round trip.
     * A table that is gone is not an error here (its write reports it, as before); its types are
     * then unknown (0), which binary COPY does not encode.
     */
    static ColumnTypes readLocked(Connection c, SqlDialect dialect, Table table, PSQLSavepoint savepoint) throws SQLException {
        return read(c, dialect, table, true, savepoint);
    }

    private static ColumnTypes read(Connection c, SqlDialect dialect, Table table, boolean lock, PSQLSavepoint savepoint)
            throws SQLException {
        TableSql sql = new TableSql(dialect, table);
        String literal = "'" + sql.ref().replace("'", "''") + "'";
        String query = "SELECT a.attname, a.atttypid, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = to_regclass(" + literal + ") AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        if (lock) {
            // a table that is gone, or that this user may not write, is its write's to report, inside a savepoint
            query = "DO $freight$BEGIN LOCK TABLE " + sql.ref() + " IN ROW EXCLUSIVE MODE;"
                    + " EXCEPTION WHEN undefined_table OR insufficient_privilege THEN NULL; END$freight$;\n" + query;
        }
        if (savepoint != null) query += ";\nSAVEPOINT " + savepoint.getPGName();
        Map<String, int[]> found = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(query)) { // prepared: the driver parses it once per connection
            boolean rows = s.execute();
            while (!rows) { // past the DO's result
                if (s.getUpdateCount() == -1) throw new SQLException("the column types query returned no rows");
                rows = s.getMoreResults();
            }
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) found.put(rs.getString(1), new int[] {(int) rs.getLong(2), (int) rs.getLong(3)});
            }
        }
        List<Column> cols = table.columns();
        int[] declared = new int[cols.size()];
        int[] base = new int[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            int[] t = found.get(cols.get(i).name());
            if (t != null) {
                declared[i] = t[0];
                base[i] = t[1];
            }
        }
        return new ColumnTypes(cols.stream().map(Column::name).toList(), declared, base);
    }

    /** True when these are the types of {@code table}'s columns (read for the same column names). */
    boolean describe(Table table) {
        List<Column> cols = table.columns();
        if (cols.size() != names.size()) return false;
        for (int i = 0; i < cols.size(); i++) if (!cols.get(i).name().equals(names.get(i))) return false;
        return true;
    }

    /** The types of the columns {@code mask} marks, in table order. */
    int[] of(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) if (m) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = base[i];
        return out;
    }

    /** The staging table's types: its bookkeeping columns, then every column of the table. */
    int[] staged() {
        int[] out = Arrays.copyOf(BOOKKEEPING, BOOKKEEPING.length + base.length);
        System.arraycopy(base, 0, out, BOOKKEEPING.length, base.length);
        return out;
    }

    /** The declared type oids, for a name that changes when a type does ({@link StagingTable}). */
    String signature() {
        return Arrays.toString(declared);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnTypes t && names.equals(t.names) && Arrays.equals(declared, t.declared)
                && Arrays.equals(base, t.base);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.hashCode(declared);
    }

    @Override
    public String toString() {
        return names + "=" + Arrays.toString(base);
    }
}
