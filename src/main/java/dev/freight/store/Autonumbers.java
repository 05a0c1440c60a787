package dev.freight.store;

import dev.freight.schema.Column;
import dev.freight.schema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** The counters of autonumber columns, kept in Freight's tables and advanced in the transaction that draws them. */
final class Autonumbers {
    private final Queries q;

    Autonumbers(Queries q) {
        this.q = q;
    }

    /** The next number of a column: its counter, or one past the largest stored value on the first draw. */
    long first(Connection c, Table table, String column) {
        try {
            Optional<Long> next = q.one(c, "autonumber", rs -> rs.getLong(1), table.workspace(), table.name(), column);
            if (next.isPresent()) return next.get();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(new TableSql(q.dialect(), table).max(column))) {
                rs.next();
                return rs.getLong(1) + 1;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot draw autonumber for " + column + ": " + StoreException.describe(e), e);
        }
    }

    void set(Connection c, Table table, String column, long next) throws SQLException {
        q.update(c, "setAutonumber", table.workspace(), table.name(), column, next);
    }

    /** Restarts the table's autonumber counters from 1. */
    void reset(Connection c, Table table) throws SQLException {
        for (Column col : table.columns()) if (col.autonumber()) set(c, table, col.name(), 1);
    }

    /** Forgets a table's counters (the table is gone). */
    void delete(Connection c, String workspace, String table) throws SQLException {
        q.update(c, "deleteAutonumbers", workspace, table);
    }
}
