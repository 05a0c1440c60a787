package dev.freight.store;

import dev.freight.schema.Column;
import dev.freight.schema.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one builder of SQL for a user's table: its DDL, reads and writes, every identifier
 * validated and quoted by the store's dialect, every value a {@code ?} to bind. Columns are
 * picked by position ({@code mask[i]}: column i) or by name. Built once per chunk or request,
 * so that the table's reference is quoted once, not per row.
 */
public final class TableSql {
    private final SqlDialect dialect;
    private final Table table;
    private final List<Column> cols;
    private final String ref;

    public TableSql(SqlDialect dialect, Table table) {
        this.dialect = dialect;
        this.table = table;
        this.cols = table.columns();
        this.ref = dialect.tableRef(table.workspace(), table.name());
    }

    /** The table's quoted, qualified name. */
    public String ref() {
        return ref;
    }

    /** Column {@code i}'s quoted name. */
    public String column(int i) {
        return dialect.quote(cols.get(i).name());
    }

    /** A column's quoted name. */
    public String name(String column) {
        return dialect.quote(column);
    }

    /** Every column's quoted name, in table order, comma-separated. */
    public String columns() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) sb.append(i == 0 ? "" : ", ").append(column(i));
        return sb.toString();
    }

    /** The quoted names of the columns {@code mask} marks, comma-separated. */
    public String columns(boolean[] mask) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mask.length; i++) if (mask[i]) sb.append(sb.isEmpty() ? "" : ", ").append(column(i));
        return sb.toString();
    }

    /** The quoted names of the columns at {@code positions}, comma-separated. */
    public String columns(int[] positions) {
        StringBuilder sb = new StringBuilder();
        for (int i : positions) sb.append(sb.isEmpty() ? "" : ", ").append(column(i));
        return sb.toString();
    }

    /** The quoted {@code names}, comma-separated. */
    public String names(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(sb.isEmpty() ? "" : ", ").append(dialect.quote(n));
        return sb.toString();
    }

    /** {@code "a" = ? AND "b" = ?} over the key columns. */
    public String keyWhere(int[] keyIdx) {
        StringBuilder w = new StringBuilder();
        for (int k : keyIdx) w.append(w.isEmpty() ? "" : " AND ").append(column(k)).append(" = ?");
        return w.toString();
    }

    // ---------------------------------------------------------------- DDL

    /** What creates the table: its workspace's DDL, then CREATE TABLE with types, defaults and keys. */
    public List<String> create() {
        List<String> ddl = new ArrayList<>(dialect.workspaceDdl(table.workspace()));
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(ref).append(" (");
        for (int i = 0; i < cols.size(); i++) {
            Column col = cols.get(i);
            sb.append(i == 0 ? "" : ", ").append(column(i)).append(' ').append(dialect.columnType(col));
            if (!col.nullable()) sb.append(" NOT NULL");
            if (col.defaultValue() != null) sb.append(" DEFAULT ").append(dialect.literal(col.type(), col.defaultValue()));
        }
        if (table.hasKey()) sb.append(", PRIMARY KEY (").append(names(table.primaryKey())).append(')');
        for (List<String> u : table.uniqueKeys()) sb.append(", UNIQUE (").append(names(u)).append(')');
        sb.append(')');
        ddl.add(sb.toString());
        return ddl;
    }

    /** Needs only the name: a table is dropped as it stands, whatever Freight knew of it. */
    public static String drop(SqlDialect dialect, String workspace, String table) {
        return "DROP TABLE " + dialect.tableRef(workspace, table);
    }

    // ---------------------------------------------------------------- reads

    /** {@code SELECT <every column> FROM t WHERE } — the caller adds the condition. */
    public String selectAllWhere() {
        return "SELECT " + columns() + " FROM " + ref + " WHERE ";
    }

    /** Every column of the rows whose key is one of {@code n} keys bound in order (an IN list). */
    public String selectByKeys(int[] keyIdx, int n) {
        return selectAllWhere() + keyIn(keyIdx, n);
    }

    /** Only the key columns of the rows whose key is one of {@code n} keys bound in order: an index-only read. */
    public String selectKeysByKeys(int[] keyIdx, int n) {
        return "SELECT " + columns(keyIdx) + " FROM " + ref + " WHERE " + keyIn(keyIdx, n);
    }

    /** {@code <key> IN (n keys bound in order)}. */
    private String keyIn(int[] keyIdx, int n) {
        StringBuilder q = new StringBuilder();
        if (keyIdx.length == 1) {
            q.append(column(keyIdx[0])).append(" IN (");
            for (int i = 0; i < n; i++) q.append(i == 0 ? "?" : ", ?");
            return q.append(')').toString();
        }
        q.append('(').append(columns(keyIdx)).append(") IN (VALUES ");
        String tuple = tuple(keyIdx.length);
        for (int i = 0; i < n; i++) q.append(i == 0 ? "" : ", ").append(tuple);
        return q.append(')').toString();
    }

    /** Every column of the rows whose key is in arrays bound one per key column (PostgreSQL). */
    public String selectByKeyArrays(int[] keyIdx) {
        StringBuilder q = new StringBuilder(selectAllWhere());
        if (keyIdx.length == 1) return q.append(column(keyIdx[0])).append(" = ANY (?)").toString();
        return q.append('(').append(columns(keyIdx)).append(") IN (SELECT * FROM unnest(")
                .append("?, ".repeat(keyIdx.length - 1)).append("?))").toString();
    }

    public String max(String column) {
        return "SELECT MAX(" + dialect.quote(column) + ") FROM " + ref;
    }

    // ---------------------------------------------------------------- writes

    /** One row of the marked columns; DEFAULT VALUES when none is marked. */
    public String insert(boolean[] mask) {
        int n = count(mask);
        return n == 0 ? "INSERT INTO " + ref + " DEFAULT VALUES"
                : "INSERT INTO " + ref + " (" + columns(mask) + ") VALUES " + tuple(n);
    }

    /** {@code rows} rows of the marked columns in one statement. */
    public String insertRows(boolean[] mask, int rows) {
        return "INSERT INTO " + ref + " (" + columns(mask) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, tuple(count(mask))));
    }

    /** Sets the marked columns of the row with the key bound after them. */
    public String update(boolean[] mask, int[] keyIdx) {
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < mask.length; i++) if (mask[i]) set.append(set.isEmpty() ? "" : ", ").append(column(i)).append(" = ?");
        return "UPDATE " + ref + " SET " + set + " WHERE " + keyWhere(keyIdx);
    }

    /**
     * Updates {@code rows} rows in one statement: {@code UPDATE … FROM (VALUES …)} joined on the
     * stored key. Each tuple binds the key parts first, then the marked columns (VALUES columns
     * are named column1, column2, …).
     */
    public String updateRows(boolean[] mask, int[] keyIdx, int rows) {
        StringBuilder set = new StringBuilder();
        int v = keyIdx.length + 1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) set.append(set.isEmpty() ? "" : ", ").append(column(i)).append(" = v.column").append(v++);
        }
        StringBuilder join = new StringBuilder();
        for (int k = 0; k < keyIdx.length; k++) {
            join.append(k == 0 ? "" : " AND ").append("t.").append(column(keyIdx[k])).append(" = v.column").append(k + 1);
        }
        String values = String.join(", ", Collections.nCopies(rows, tuple(keyIdx.length + count(mask))));
        return "UPDATE " + ref + " AS t SET " + set + " FROM (VALUES " + values + ") AS v WHERE " + join;
    }

    public String delete(int[] keyIdx) {
        return "DELETE FROM " + ref + " WHERE " + keyWhere(keyIdx);
    }

    public String deleteAll() {
        return "DELETE FROM " + ref;
    }

    /** {@code COPY t (<marked columns>) FROM STDIN} (PostgreSQL). */
    public String copyIn(boolean[] mask) {
        return "COPY " + ref + " (" + columns(mask) + ") FROM STDIN";
    }

    /** {@code (?, ?, …)} of {@code n} parameters. */
    public static String tuple(int n) {
        return "(" + "?, ".repeat(n - 1) + "?)";
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) if (m) n++;
        return n;
    }
}
