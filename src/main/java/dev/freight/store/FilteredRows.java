package dev.freight.store;

import dev.freight.engine.ChunkResult;
import dev.freight.engine.Filter;
import dev.freight.engine.FilteredWrite;
import dev.freight.ingest.MappedRow;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a user's table chosen by a {@link Filter}: a page of them with their count, and the
 * {@link FilteredWrite} that updates every match or inserts one row. A write first takes the
 * table's write lock (PostgreSQL: a lock every other writer of the table waits for, on every
 * node; SQLite: its one writer), so what it counted is still true when it writes.
 */
public final class FilteredRows {
    /** Inserts one row through the import path (autonumbers, defaults, required columns); FAILED rows come back as such. */
    @FunctionalInterface
    interface Inserter {
        ChunkResult insert(MappedRow row) throws SQLException;
    }

    private final Database db;
    private final SqlDialect dialect;
    private final java.util.function.Function<SQLException, String> rejection;

    /** {@code rejection}: a refused row's reason in the database's words, as an import's row result gives it. */
    FilteredRows(Database db, SqlDialect dialect, java.util.function.Function<SQLException, String> rejection) {
        this.db = db;
        this.dialect = dialect;
        this.rejection = rejection;
    }

    /** The matches {@code offset} to {@code offset + limit} in key order (keyless: stored order), and their count, on one snapshot. */
    public Store.FilteredPage page(Table t, Filter f, long offset, int limit, Visibility visibility) {
        FilterSql where = FilterSql.of(dialect, t, f);
        TableSql sql = new TableSql(dialect, t);
        String ref = sql.ref();
        List<Column> visible = visibility.columns(t);
        String order = t.hasKey() ? sql.names(t.primaryKey()) : dialect.physicalOrder();
        String select = "SELECT " + sql.names(visible.stream().map(Column::name).toList()) + " FROM " + ref
                + " WHERE " + where.where() + " ORDER BY " + order + " LIMIT " + limit + " OFFSET " + offset;
        return db.snapshot(c -> {
            long total = count(c, ref, where, -1);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(select)) {
                where.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 0; i < visible.size(); i++) row.put(visible.get(i).name(), dialect.read(rs, i + 1, visible.get(i)));
                        rows.add(row);
                    }
                }
            }
            return new Store.FilteredPage(rows, total);
        });
    }

    /** Makes {@code w} on {@code c}, inside the caller's transaction; throws {@link FilteredWrite.Rejected} for a row the table refuses. */
    FilteredWrite.Result write(Connection c, Table t, FilteredWrite w, Inserter inserter) throws SQLException {
        String ref = new TableSql(dialect, t).ref();
        String lock = dialect.lockForWrite(ref);
        if (lock != null) {
            try (Statement s = c.createStatement()) {
                s.execute(lock);
            }
        }
        FilterSql where = FilterSql.of(dialect, t, w.where());
        long matched = count(c, ref, where, w.maxMatches() + 1L);
        if (matched > w.maxMatches()) return new FilteredWrite.Result(FilteredWrite.Result.Kind.TOO_MANY, matched, 0, null);
        if (matched > 1 && !w.many()) return new FilteredWrite.Result(FilteredWrite.Result.Kind.AMBIGUOUS, matched, 0, null);
        if (matched == 0) {
            if (!w.insertWhenNone()) return new FilteredWrite.Result(FilteredWrite.Result.Kind.NONE, 0, 0, null);
            ChunkResult r = inserter.insert(new MappedRow(0, 0, w.row(), false, null, null));
            if (r.outcomes()[0] == dev.freight.job.Outcome.FAILED) throw new FilteredWrite.Rejected(r.messages()[0]);
            return new FilteredWrite.Result(FilteredWrite.Result.Kind.INSERTED, 0, 1, r.keys()[0]);
        }
        return new FilteredWrite.Result(FilteredWrite.Result.Kind.UPDATED, matched, update(c, t, ref, where, w, matched), null);
    }

    /** Sets the given columns an update may change on every match; the count of rows updated. */
    private long update(Connection c, Table t, String ref, FilterSql where, FilteredWrite w, long matched) throws SQLException {
        List<Column> cols = t.columns();
        StringBuilder set = new StringBuilder();
        List<Integer> assigned = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            Column col = cols.get(i);
            Object v = w.row()[i];
            if (v == MappedRow.ABSENT || !col.updatable() || t.primaryKey().contains(col.name()) || w.kept().contains(col.name())) {
                continue;
            }
            if (v == null && !col.nullable()) throw new FilteredWrite.Rejected("column " + col.name() + ": a value is required");
            set.append(set.isEmpty() ? "" : ", ").append(dialect.quote(col.name())).append(" = ?");
            assigned.add(i);
        }
        if (assigned.isEmpty()) return matched; // nothing it may change: every match stays as it is
        String update = "UPDATE " + ref + " SET " + set + " WHERE " + where.where();
        try (PreparedStatement ps = c.prepareStatement(update)) {
            int p = 1;
            for (int i : assigned) dialect.bind(ps, p++, cols.get(i).type(), w.row()[i]);
            where.bind(ps, p);
            return ps.executeUpdate();
        } catch (SQLException e) {
            if (rowFault(e)) throw new FilteredWrite.Rejected(rejection.apply(e));
            throw e;
        }
    }

    /** The database refused the values (a constraint, a value out of range), not failed by itself. */
    private static boolean rowFault(SQLException e) {
        if (e.getClass().getName().startsWith("org.sqlite.")) {
            int code = e.getErrorCode() & 0xff; // extended result codes share the primary code's low byte
            return code == 18 || code == 19 || code == 20; // too big, constraint, type mismatch
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** How many rows match, counting no further than {@code atMost} (-1: all). */
    private static long count(Connection c, String ref, FilterSql where, long atMost) throws SQLException {
        String inner = "SELECT 1 FROM " + ref + " WHERE " + where.where() + (atMost >= 0 ? " LIMIT " + atMost : "");
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (" + inner + ") m")) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
