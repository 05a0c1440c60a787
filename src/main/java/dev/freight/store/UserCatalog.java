package dev.freight.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The catalog as every caller of the store sees it: users' tables only. A name the dialect
 * reserves (Freight's own tables, the database's own) does not exist here, so every route of
 * every adapter, which all resolve tables through the store, answers for it as for any unknown
 * table.
 */
final class UserCatalog implements Catalog {
    private final Catalog physical;
    private final SqlDialect dialect;

    UserCatalog(Catalog physical, SqlDialect dialect) {
        this.physical = physical;
        this.dialect = dialect;
    }

    @Override
    public List<String> tableNames(Connection c, String workspace) throws SQLException {
        return physical.tableNames(c, workspace).stream().filter(n -> dialect.reservation(n) == null).toList();
    }

    @Override
    public Optional<PhysicalTable> describe(Connection c, String workspace, String table) throws SQLException {
        if (dialect.reservation(table) != null) return Optional.empty();
        return physical.describe(c, workspace, table);
    }

    @Override
    public Optional<String> nameClash(Connection c, String workspace, String table) throws SQLException {
        return physical.nameClash(c, workspace, table);
    }
}
