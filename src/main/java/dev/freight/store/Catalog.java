package dev.freight.store;

import dev.freight.schema.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads users' tables from the database's own catalog, whoever created them. */
public interface Catalog {
    /** The names of the workspace's tables, sorted. */
    List<String> tableNames(Connection c, String workspace) throws SQLException;

    /** The table as the database describes it, or empty when it does not exist. */
    Optional<PhysicalTable> describe(Connection c, String workspace, String table) throws SQLException;

    /**
     * Why the database could not hold a new table {@code table} in {@code workspace}: a table (or
     * any object sharing its names) of the same name, in any case, since Freight does not tell
     * names apart by case (SQLite never does). Empty when the name is free. The reason never
     * names another workspace's tables.
     */
    Optional<String> nameClash(Connection c, String workspace, String table) throws SQLException;

    /**
     * A table as the catalog shows it.
     *
     * @param problems what Freight cannot handle (a column of an unsupported type, a name it
     *                 cannot use); such columns are left out of {@code columns}
     */
    record PhysicalTable(String name, List<Column> columns, List<String> primaryKey,
                         List<List<String>> uniqueKeys, List<String> problems) {}
}
