package dev.freight.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs Freight's named statements ({@link Statements}) on a connection: binds the arguments in
 * order (instants the store's way, everything else as JDBC's {@code setObject} sends it) and
 * maps the rows. Every statement on Freight's own tables goes through here, in one shape.
 */
final class Queries {
    /** Reads one row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final SqlDialect dialect;
    private final Statements statements;

    Queries(SqlDialect dialect) {
        this.dialect = dialect;
        this.statements = new Statements(dialect);
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** The statement's text, for the few whose shape depends on their arguments. */
    String sql(String name) {
        return statements.get(name);
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
    int update(Connection c, String name, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(name))) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Runs one INSERT, UPDATE or DELETE for each set of arguments, sent together (one round trip on PostgreSQL). */
    void updateEach(Connection c, String name, List<Object[]> argumentSets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(name))) {
            for (Object[] args : argumentSets) {
                bind(ps, args);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The first row's mapping, or empty when there is none (or it maps to null). */
    <T> Optional<T> one(Connection c, String name, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(name))) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
            }
        }
    }

    /** Every row's mapping, in the statement's order. */
    <T> List<T> list(Connection c, String name, Row<T> row, Object... args) throws SQLException {
        return list(c, sql(name), args, row);
    }

    /** The same for a statement whose text the caller completed (an IN list of as many ids as it has). */
    <T> List<T> list(Connection c, String text, Object[] args, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(text)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row.read(rs));
            }
        }
        return out;
    }

    /** True when the statement returns a row. */
    boolean exists(Connection c, String name, Object... args) throws SQLException {
        return one(c, name, rs -> Boolean.TRUE, args).isPresent();
    }

    /** The first column of the first row, as a number (counts, sequences). */
    long number(Connection c, String name, Object... args) throws SQLException {
        return one(c, name, rs -> rs.getLong(1), args).orElseThrow();
    }

    private void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Instant t) dialect.bindInstant(ps, i + 1, t);
            else ps.setObject(i + 1, args[i]);
        }
    }
}
