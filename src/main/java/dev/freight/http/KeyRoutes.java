package dev.freight.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.auth.Role;
import dev.freight.imports.Keys;
import dev.freight.schema.Names;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/keys} and {@code /v1/groups}: admin-only management of the key's workspace (and new ones); {@code /v1/keys/current} for any key. */
final class KeyRoutes {
    private final Keys keys;

    KeyRoutes(Keys keys) {
        this.keys = keys;
    }

    void register(RouteTable r) {
        r.get("/v1/keys", this::list);
        r.get("/v1/keys/current", this::current);
        r.post("/v1/keys", this::create);
        r.delete("/v1/keys/{id}", this::revoke);
        r.post("/v1/groups", this::createGroup);
    }

    private void create(Context ctx) {
        ApiKey admin = Auth.requireAdmin(ctx);
        JsonNode body = Bodies.json(ctx);
        String workspace = TableRoutes.text(body, "workspace");
        if (workspace == null) workspace = admin.workspace();
        if (!Names.isValid(workspace)) throw ApiException.badRequest("workspace", new Names.InvalidNameException("workspace", workspace).getMessage());
        // an admin of one workspace may not mint keys for another; the default workspace's admin may
        if (!workspace.equals(admin.workspace()) && !admin.workspace().equals("default")) {
            throw ApiException.forbidden("an admin key of workspace " + admin.workspace() + " cannot create keys for " + workspace);
        }
        String roleText = TableRoutes.text(body, "role");
        Role role = roleText == null ? null : Role.fromWire(roleText);
        if (role == null) throw ApiException.badRequest("role", "role must be admin, write or read");
        List<String> groups = new ArrayList<>();
        JsonNode g = body.get("groups");
        if (g != null && !g.isNull()) {
            if (!g.isArray()) throw ApiException.badRequest("groups", "groups must be an array of group names");
            for (JsonNode n : g) {
                String name = n.asText(null);
                if (!Names.isValid(name)) throw ApiException.badRequest("groups", new Names.InvalidNameException("group", name).getMessage());
                if (!keys.groupExists(workspace, name)) throw ApiException.badRequest("groups", "group " + name + " does not exist in workspace " + workspace);
                groups.add(name);
            }
        }
        Keys.NewKey made = keys.create(workspace, role, TableRoutes.text(body, "name"), groups);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", made.key().id());
        out.put("key", made.secret());
        out.put("workspace", workspace);
        out.put("role", role.wireName());
        out.put("name", made.key().name());
        out.put("groups", groups);
        ctx.status(201).json(out);
    }

    /** The keys in force of the admin's workspace ({@code default}'s admin: of every workspace), never a secret or hash. */
    private void list(Context ctx) {
        ApiKey admin = Auth.requireAdmin(ctx);
        String scope = admin.workspace().equals("default") ? null : admin.workspace();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Keys.Listed k : keys.list(scope)) {
            Map<String, Object> m = describe(k.key());
            m.put("createdAt", Json.time(k.key().createdAt()));
            m.put("lastUsedAt", k.lastUsedAt() == null ? null : Json.time(k.lastUsedAt()));
            items.add(m);
        }
        ctx.json(Map.of("items", items));
    }

    /** Who am I: the key of the request, for any role. */
    private void current(Context ctx) {
        ctx.json(describe(Auth.key(ctx)));
    }

    private static Map<String, Object> describe(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("workspace", k.workspace());
        m.put("role", k.role().wireName());
        m.put("groups", k.groups());
        return m;
    }

    private void revoke(Context ctx) {
        ApiKey admin = Auth.requireAdmin(ctx);
        String id = ctx.pathParam("id");
        // the default workspace's admin manages every workspace's keys (it can create them too)
        String scope = admin.workspace().equals("default") ? null : admin.workspace();
        if (!keys.revoke(scope, id)) throw ApiException.notFound("key " + id + " does not exist");
        ctx.status(204);
    }

    private void createGroup(Context ctx) {
        ApiKey admin = Auth.requireAdmin(ctx);
        JsonNode body = Bodies.json(ctx);
        String name = TableRoutes.text(body, "name");
        if (!Names.isValid(name)) throw ApiException.badRequest("name", new Names.InvalidNameException("group", name).getMessage());
        if (keys.groupExists(admin.workspace(), name)) throw ApiException.conflict("group " + name + " already exists");
        keys.createGroup(admin.workspace(), name);
        ctx.status(201).json(Map.of("name", name, "workspace", admin.workspace()));
    }
}
