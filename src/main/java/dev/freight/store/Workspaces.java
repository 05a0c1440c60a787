package dev.freight.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/** Freight's workspaces: made on first use, never two whose names differ only in case. */
public final class Workspaces {
    private final Database db;
    private final Queries q;
    private final Clock clock;

    Workspaces(Database db, Queries q, Clock clock) {
        this.db = db;
        this.q = q;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException when this store cannot hold a workspace of that name
     * @throws StoreException.Conflict  when another workspace has the name in another case
     */
    public void ensure(String name) {
        q.dialect().checkWorkspace(name);
        db.write(c -> {
            ensure(c, name);
            return null;
        });
    }

    public boolean exists(String name) {
        return db.read(c -> q.exists(c, "workspaceExists", name));
    }

    /**
     * Creates the workspace unless it exists. A name that differs from an existing workspace's
     * only in case is refused: SQLite would fold their tables together, and on every store two
     * such workspaces would be one to a person reading them.
     */
    void ensure(Connection c, String name) throws SQLException {
        List<String> named = q.list(c, "workspacesNamed", rs -> rs.getString(1), name);
        if (named.contains(name)) return;
        if (!named.isEmpty()) {
            throw new StoreException.Conflict("workspace " + name + " cannot be created: workspace "
                    + named.get(named.size() - 1) + " exists, and names that differ only in case are one name");
        }
        q.update(c, "insertWorkspace", name, clock.instant());
    }
}
