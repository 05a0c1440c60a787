package dev.freight.store;

import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Names;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What differs between the databases: identifiers, type names, how values are bound and read.
 * Every identifier passes {@link Names} before it is quoted; values are always bound.
 */
public interface SqlDialect {
    StoreKind kind();

    /** A validated, quoted identifier. */
    default String quote(String ident) {
        Names.require("identifier", ident);
        return "\"" + ident + "\"";
    }

    /** The order rows were stored in, for reading a table without a key page by page. */
    String physicalOrder();

    /** The quoted, qualified name of a user table of a workspace. */
    String tableRef(String workspace, String table);

    /** DDL that makes a workspace ready to hold tables (PostgreSQL: its schema); none by default. */
    default List<String> workspaceDdl(String workspace) {
        return List.of();
    }

    /** Throws {@link IllegalArgumentException} when this store cannot hold a workspace of that name. */
    default void checkWorkspace(String workspace) {
        Names.require("workspace", workspace);
    }

    /**
     * Why a table name is not a user's to take, or null when it is: Freight's own tables begin
     * with {@code freight_} on SQLite, and the prefix is kept on every store so that a workspace
     * means the same on both. Case never matters: SQLite folds it.
     */
    default String reservation(String table) {
        if (table.regionMatches(true, 0, "freight_", 0, 8)) return "names beginning with freight_ are kept for Freight's own tables";
        return null;
    }

    /** The quoted name of one of Freight's own tables ({@code jobs} → freight_jobs / freight.jobs). */
    String metaTable(String name);

    /** The column type in DDL for a Freight column. */
    String columnType(Column c);

    /** A SQL literal for a column default given as canonical text (validated by coercion first). */
    String literal(ColumnType type, String value);

    void bindInstant(PreparedStatement ps, int i, Instant t) throws SQLException;

    Instant readInstant(ResultSet rs, String column) throws SQLException;

    /** Binds a coerced value (or null) of type {@code type}. */
    void bind(PreparedStatement ps, int i, ColumnType type, Object value) throws SQLException;

    /** Reads column {@code i} as the Java type the coercer produces for {@code c}. */
    Object read(ResultSet rs, int i, Column c) throws SQLException;

    /** The LIKE that a filter's {@code Like} uses: case-insensitive on every store. */
    default String like() {
        return "LIKE";
    }

    /** How a filter compares column {@code c}: {@code expr} (its quoted name, or {@code ?}) as the store compares it. */
    default String compared(Column c, String expr) {
        return expr;
    }

    /**
     * The statement that makes every other writer of a table wait until this transaction ends,
     * on every node, or null when the store's transactions write one at a time anyway.
     */
    default String lockForWrite(String tableRef) {
        return null;
    }
}
