package dev.freight.store;

import dev.freight.Json;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.schema.TableKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Users' tables as Freight sees them: what the database's catalog shows, joined with the
 * attributes Freight keeps beside it (column attributes the database cannot express, the
 * table's id and kind). A table another tool created is discovered on first sight.
 */
public final class UserTables {
    /** The attributes Freight keeps for a table beside the catalog (stored as JSON). */
    public record TableDefinition(List<Column> columns, TableKind kind, List<String> associations) {
        public TableDefinition {
            columns = columns == null ? List.of() : columns;
            associations = associations == null ? List.of() : associations;
        }

        static TableDefinition discovered() {
            return new TableDefinition(List.of(), TableKind.TABLE, List.of());
        }
    }

    /** A row of Freight's table attributes. */
    private record Attributes(String id, String definition, boolean discovered, long version, Instant createdAt) {}

    private final Database db;
    private final Queries q;
    private final Catalog catalog;
    private final Workspaces workspaces;
    private final Autonumbers autonumbers;
    private final Clock clock;

    UserTables(Database db, Queries q, Catalog catalog, Workspaces workspaces, Autonumbers autonumbers, Clock clock) {
        this.db = db;
        this.q = q;
        this.catalog = catalog;
        this.workspaces = workspaces;
        this.autonumbers = autonumbers;
        this.clock = clock;
    }

    public List<Table> list(String workspace) {
        // read first: on SQLite a write would wait behind a running one-transaction job
        Optional<List<Table>> seen = db.read(c -> {
            List<Table> out = new ArrayList<>();
            for (String name : catalog.tableNames(c, workspace)) {
                Lookup l = lookup(c, workspace, name);
                if (l.needsWrite()) return Optional.<List<Table>>empty();
                l.table().ifPresent(out::add);
            }
            return Optional.of(out);
        });
        return seen.orElseGet(() -> db.write(c -> {
            List<Table> out = new ArrayList<>();
            for (String name : catalog.tableNames(c, workspace)) table(c, workspace, name).ifPresent(out::add);
            return out;
        }));
    }

    /**
     * The table as the catalog shows it now, with Freight's attributes; discovered tables get an id.
     * Only a table discovered or dropped by another tool since Freight last looked needs a write.
     */
    public Optional<Table> table(String workspace, String name) {
        Lookup l = db.read(c -> lookup(c, workspace, name));
        return l.needsWrite() ? db.write(c -> table(c, workspace, name)) : l.table();
    }

    /** A table read without writing, or word that Freight's attributes of it must be brought up to date first. */
    private record Lookup(Optional<Table> table, boolean needsWrite) {}

    private Lookup lookup(Connection c, String workspace, String name) throws SQLException {
        Optional<Catalog.PhysicalTable> physical = catalog.describe(c, workspace, name);
        Optional<Attributes> stored = attributes(c, workspace, name);
        if (physical.isEmpty() != stored.isEmpty()) return new Lookup(Optional.empty(), true);
        return new Lookup(physical.isEmpty() ? Optional.empty() : Optional.of(assemble(workspace, name, physical.get(), stored.get())), false);
    }

    public Optional<Table> byId(String workspace, String id) {
        Optional<String> name = db.read(c -> q.one(c, "tableNameById", rs -> rs.getString(1), workspace, id));
        return name.flatMap(n -> table(workspace, n));
    }

    /** What Freight cannot handle in a table (unsupported column types or names); empty when none. */
    public List<String> problems(String workspace, String name) {
        return db.read(c -> catalog.describe(c, workspace, name).map(Catalog.PhysicalTable::problems).orElse(List.of()));
    }

    /**
     * Creates the table in the database and records Freight's attributes; returns it as stored.
     *
     * @throws ReservedName             for a name the store keeps for itself
     * @throws StoreException.Conflict  when the name, in any case, is taken
     */
    public Table create(Table def) {
        String reserved = q.dialect().reservation(def.name());
        if (reserved != null) throw new ReservedName(def.name(), reserved);
        return db.write(c -> {
            Optional<String> clash = catalog.nameClash(c, def.workspace(), def.name());
            if (clash.isPresent()) throw new StoreException.Conflict(clash.get());
            workspaces.ensure(c, def.workspace());
            try (Statement s = c.createStatement()) {
                for (String ddl : new TableSql(q.dialect(), def).create()) s.execute(ddl);
                if (def.kind() == TableKind.OBJECT && !def.associations().isEmpty()) {
                    for (String ddl : new AssociationRows(q.dialect()).ddl(def.workspace())) s.execute(ddl);
                }
            } catch (SQLException e) {
                // another node created it between the check and CREATE
                if ("42P07".equals(e.getSQLState())) throw new StoreException.Conflict("table " + def.name() + " already exists");
                throw e;
            }
            forget(c, def.workspace(), def.name());
            insert(c, "insertTableMeta", def.workspace(), def.name(), new Attributes(def.id(),
                    Json.write(new TableDefinition(def.columns(), def.kind(), def.associations())), false, 1, clock.instant()));
            return table(c, def.workspace(), def.name()).orElseThrow();
        });
    }

    /** Drops the table; false when it did not exist. */
    public boolean drop(String workspace, String name) {
        return db.write(c -> {
            if (catalog.describe(c, workspace, name).isEmpty()) return false;
            try (Statement s = c.createStatement()) {
                s.execute(TableSql.drop(q.dialect(), workspace, name));
            }
            new AssociationRows(q.dialect()).forget(c, workspace, name);
            forget(c, workspace, name);
            return true;
        });
    }

    private Optional<Table> table(Connection c, String workspace, String name) throws SQLException {
        Optional<Catalog.PhysicalTable> physical = catalog.describe(c, workspace, name);
        Optional<Attributes> stored = attributes(c, workspace, name);
        if (physical.isEmpty()) {
            if (stored.isPresent()) forget(c, workspace, name); // dropped by another tool
            return Optional.empty();
        }
        Catalog.PhysicalTable p = physical.get();
        Attributes m = stored.orElse(null);
        if (m == null) {
            // a discovered table's first attributes; another node may be recording the same table at once
            insert(c, "discoverTableMeta", workspace, name, new Attributes(UUID.randomUUID().toString(),
                    Json.write(TableDefinition.discovered()), true, 1, clock.instant()));
            m = attributes(c, workspace, name).orElseThrow(); // ours, or the one another node recorded first
        }
        return Optional.of(assemble(workspace, name, p, m));
    }

    /** The table from what the database shows and what Freight keeps about it. */
    private static Table assemble(String workspace, String name, Catalog.PhysicalTable p, Attributes m) {
        TableDefinition def = Json.read(m.definition(), TableDefinition.class);
        Map<String, Column> attrs = new HashMap<>();
        for (Column col : def.columns()) attrs.put(col.name(), col);
        List<Column> columns = new ArrayList<>();
        for (Column col : p.columns()) {
            Column a = attrs.get(col.name());
            columns.add(a == null ? col : col.withAttributesOf(a));
        }
        return new Table(m.id(), workspace, name, columns, p.primaryKey(), p.uniqueKeys(), def.kind(),
                def.associations(), m.discovered(), m.version(), m.createdAt());
    }

    private Optional<Attributes> attributes(Connection c, String workspace, String name) throws SQLException {
        return q.one(c, "tableMeta", rs -> new Attributes(rs.getString("id"), rs.getString("definition"),
                rs.getInt("discovered") != 0, rs.getLong("version"), q.dialect().readInstant(rs, "created_at")),
                workspace, name);
    }

    private void insert(Connection c, String statement, String workspace, String name, Attributes m) throws SQLException {
        q.update(c, statement, m.id(), workspace, name, m.definition(), m.discovered() ? 1 : 0, m.version(), m.createdAt());
    }

    /** Forgets what Freight kept about a table: its attributes and autonumber counters. */
    private void forget(Connection c, String workspace, String name) throws SQLException {
        q.update(c, "deleteTableMeta", workspace, name);
        autonumbers.delete(c, workspace, name);
    }
}
