package dev.freight.store.postgres;

import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.store.SqlDialect;
import dev.freight.store.TableSql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * A session's temporary twin of a user table that a chunk's rows are COPYed into before the
 * set-wise statements read them. One per connection and table shape, created on first use and
 * kept (ON COMMIT DELETE ROWS empties it at every commit), so that a chunk costs no catalog
 * writes: creating and dropping a temp table per chunk would churn pg_class and pg_attribute.
 *
 * <p>Besides the table's columns (same types, no constraints or defaults: CREATE TABLE AS
 * copies neither) it has bookkeeping columns whose names no Freight column can have:
 * {@code #run} (one write attempt), {@code #seq} (position in the chunk's changes), {@code #op}
 * (update or delete: new rows are COPYed straight into the table) and {@code #set} (which
 * columns an update assigns, as '0'/'1' per column).
 */
final class StagingTable {
    static final int UPDATE = 1;
    static final int DELETE = 2;

    private final Table table;
    private final TableSql sql;
    private final String name;

    /** {@code types}: the table's column types as locked by the writing transaction (null: unknown). */
    StagingTable(SqlDialect dialect, Table table, ColumnTypes types) {
        this.table = table;
        this.sql = new TableSql(dialect, table);
        this.name = "pg_temp." + dialect.quote(nameFor(table, types));
    }

    /**
     * Named by the table, its columns and their PostgreSQL types, so a column added with ALTER
     * TABLE or a type changed by another tool (int4 to int8) gets a new staging table, made with
     * the types binary COPY encodes for (they are locked when it is made). A typmod change
     * (varchar(5) to varchar(50)) keeps the old one until the connection is recycled: values it
     * rejects then take the row-by-row path, still correct.
     */
    private static String nameFor(Table t, ColumnTypes types) {
        StringBuilder shape = new StringBuilder(t.workspace()).append('.').append(t.name());
        for (Column c : t.columns()) {
            shape.append('|').append(c.name()).append(':').append(c.type()).append(c.precision()).append(',').append(c.scale());
        }
        if (types != null) shape.append('|').append(types.signature());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
            return "freight_stage_" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The quoted, qualified name for SQL. */
    String ref() {
        return name;
    }

    /**
     * Makes sure the staging table exists and is empty, in one round trip. It can hold rows of an
     * earlier chunk of the same transaction (atomic jobs, replace_all); left there they would make
     * every later statement scan them again.
     */
    void prepare(Connection c) throws SQLException {
        StringBuilder cols = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) cols.append(", t.").append(sql.column(i));
        String literal = "'" + name.replace("'", "''") + "'";
        String ddl = "DO $freight$BEGIN\n"
                + "  IF to_regclass(" + literal + ") IS NULL THEN\n"
                + "    CREATE TEMP TABLE " + name + " ON COMMIT DELETE ROWS AS SELECT 0::bigint AS \"#run\", 0 AS \"#seq\","
                + " 0::smallint AS \"#op\", ''::text AS \"#set\"" + cols
                + " FROM " + sql.ref() + " t WITH NO DATA;\n"
                + "  ELSIF EXISTS (SELECT 1 FROM " + name + ") THEN\n"
                + "    TRUNCATE " + name + ";\n"
                + "  END IF;\n"
                + "END$freight$";
        try (PreparedStatement s = c.prepareStatement(ddl)) { // prepared: the driver parses it once per connection
            s.execute();
        }
    }

    /** COPYs rows (text or binary): bookkeeping columns first, then the table's columns in order ({@link ColumnTypes#staged}). */
    long copy(Connection c, CopyRows rows) throws SQLException {
        String copy = "COPY " + name + " (\"#run\", \"#seq\", \"#op\", \"#set\"";
        String columns = sql.columns();
        return rows.copyIn(c, copy + (columns.isEmpty() ? "" : ", " + columns) + ") FROM STDIN");
    }
}
