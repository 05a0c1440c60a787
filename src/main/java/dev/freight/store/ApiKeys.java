package dev.freight.store;

import dev.freight.auth.ApiKey;
import dev.freight.auth.Role;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.freight.Json;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The API keys (stored by hash) and access groups of the workspaces. */
public final class ApiKeys {
    private final Database db;
    private final Queries q;
    private final Workspaces workspaces;
    private final Clock clock;

    ApiKeys(Database db, Queries q, Workspaces workspaces, Clock clock) {
        this.db = db;
        this.q = q;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    /** Stores a key (creating its workspace when needed; see {@link Workspaces#ensure} for what it throws). */
    public void create(ApiKey key, String hash) {
        q.dialect().checkWorkspace(key.workspace());
        db.write(c -> {
            workspaces.ensure(c, key.workspace());
            return q.update(c, "insertKey", key.id(), key.workspace(), key.role().wireName(), key.name(), hash,
                    Json.write(key.groups()), key.createdAt());
        });
    }

    public Optional<ApiKey> byHash(String hash) {
        return db.read(c -> q.one(c, "keyByHash", rs -> {
            List<String> groups = Json.MAPPER.convertValue(
                    Json.read(rs.getString("groups"), List.class), new TypeReference<List<String>>() {});
            return new ApiKey(rs.getString("id"), rs.getString("workspace"), Role.fromWire(rs.getString("role")),
                    rs.getString("name"), groups, q.dialect().readInstant(rs, "created_at"));
        }, hash));
    }

    /** Revokes key {@code id} of {@code workspace}, or of any workspace when it is null. */
    public boolean revoke(String workspace, String id) {
        return db.write(c -> workspace == null
                ? q.update(c, "revokeAnyKey", clock.instant(), id) == 1
                : q.update(c, "revokeKey", clock.instant(), id, workspace) == 1);
    }

    public long count() {
        return db.read(c -> q.number(c, "countKeys"));
    }

    public void createGroup(String workspace, String name) {
        db.write(c -> q.update(c, "insertGroup", workspace, name, clock.instant()));
    }

    public boolean groupExists(String workspace, String name) {
        return db.read(c -> q.exists(c, "groupExists", workspace, name));
    }
}
