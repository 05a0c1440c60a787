package dev.freight.store;

import dev.freight.engine.Change;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk's prepared INSERT/UPDATE/DELETE statements on one user table, one per kind and set of
 * columns, each prepared on first use and kept until the chunk is written.
 */
public final class ChangeStatements implements AutoCloseable {
    private final Connection c;
    private final SqlDialect dialect;
    private final Table table;
    private final TableSql sql;
    private final Map<Object, PreparedStatement> cache = new HashMap<>();

    public ChangeStatements(Connection c, SqlDialect dialect, Table table) {
        this.c = c;
        this.dialect = dialect;
        this.table = table;
        this.sql = new TableSql(dialect, table); // the table's name validated and quoted once, not per row
    }

    public TableSql sql() {
        return sql;
    }

    /** The statement kept under {@code signature}, or null. */
    public PreparedStatement cached(Object signature) {
        return cache.get(signature);
    }

    /** Prepares {@code text} and keeps it under {@code signature}. */
    public PreparedStatement prepare(Object signature, String text) throws SQLException {
        PreparedStatement ps = c.prepareStatement(text);
        cache.put(signature, ps);
        return ps;
    }

    /** Writes one change with one statement. */
    public void execute(Change ch, int[] keyIdx) throws SQLException {
        List<Column> cols = table.columns();
        switch (ch.kind()) {
            case INSERT -> {
                Object sig = signature('I', ch.columns());
                PreparedStatement ps = cache.get(sig);
                if (ps == null) ps = prepare(sig, sql.insert(ch.columns()));
                int p = 1;
                for (int i = 0; i < cols.size(); i++) {
                    if (ch.columns()[i]) dialect.bind(ps, p++, cols.get(i).type(), ch.row()[i]);
                }
                ps.executeUpdate();
            }
            case UPDATE -> {
                Object sig = signature('U', ch.columns());
                PreparedStatement ps = cache.get(sig);
                if (ps == null) ps = prepare(sig, sql.update(ch.columns(), keyIdx));
                int p = 1;
                for (int i = 0; i < cols.size(); i++) {
                    if (ch.columns()[i]) dialect.bind(ps, p++, cols.get(i).type(), ch.row()[i]);
                }
                bindKey(ps, p, ch.group().initial(), keyIdx);
                ps.executeUpdate();
            }
            case DELETE -> {
                PreparedStatement ps = cache.get("D");
                if (ps == null) ps = prepare("D", sql.delete(keyIdx));
                bindKey(ps, 1, ch.group().initial(), keyIdx);
                ps.executeUpdate();
            }
        }
    }

    /** Binds the key parts of {@code row} from position {@code p}; returns the next position. */
    public int bindKey(PreparedStatement ps, int p, Object[] row, int[] keyIdx) throws SQLException {
        for (int k : keyIdx) dialect.bind(ps, p++, table.columns().get(k).type(), row[k]);
        return p;
    }

    /** A statement's cache key: kind and column set, as one number where the columns fit (this runs per row). */
    private static Object signature(char kind, boolean[] cols) {
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
