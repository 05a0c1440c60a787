package dev.freight.http;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.imports.Keys;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /v1/callback-secret}: the secret the workspace's callbacks are signed with (admin only).
 * It is shown once, like an API key: the first read shows it (making it when no delivery has yet),
 * later reads are 409; a rotation makes a new one and shows it, while the old one keeps signing
 * for {@code previousValidFor} seconds (a day by default) so that receivers can switch over.
 */
final class CallbackSecretRoutes {
    private static final int DAY = 86_400;
    private final Keys keys;

    CallbackSecretRoutes(Keys keys) {
        this.keys = keys;
    }

    void register(RouteTable r) {
        r.get("/v1/callback-secret", this::reveal);
        r.post("/v1/callback-secret/rotate", this::rotate);
    }

    private void reveal(Context ctx) {
        ApiKey admin = Auth.requireAdmin(ctx);
        Keys.CallbackSecret s = keys.revealCallbackSecret(admin.workspace())
                .orElseThrow(() -> ApiException.conflict("the callback secret of workspace " + admin.workspace()
                        + " was shown already; POST /v1/callback-secret/rotate makes a new one and shows it"));
        ctx.json(view(admin.workspace(), s));
    }

    private void rotate(Context ctx) {
        ApiKey admin = Auth.requireAdmin(ctx);
        int keep = ImportRoutes.intParam(ctx, "previousValidFor", DAY, 0, 7 * DAY);
        Keys.CallbackSecret s = keys.rotateCallbackSecret(admin.workspace(), Duration.ofSeconds(keep));
        ctx.json(view(admin.workspace(), s));
    }

    private static Map<String, Object> view(String workspace, Keys.CallbackSecret s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workspace", workspace);
        m.put("secret", s.secret());
        m.put("createdAt", Json.time(s.createdAt()));
        if (s.previousUntil() != null) m.put("previousValidUntil", Json.time(s.previousUntil()));
        return m;
    }
}
