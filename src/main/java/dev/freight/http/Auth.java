package dev.freight.http;

import dev.freight.auth.ApiKey;
import dev.freight.auth.Role;
import io.javalin.http.Context;

/**
 * The key of a /v1 request, which the server's before-handler found by its bearer secret
 * ({@link dev.freight.imports.Keys#find}), and what it may do.
 */
public final class Auth {
    static final String ATTRIBUTE = "freight.key";

    private Auth() {}

    /** The bearer token of a request, or null. */
    static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return h.substring(7).trim();
    }

    /** The key that authenticated this request (set by the before-handler). */
    public static ApiKey key(Context ctx) {
        ApiKey k = ctx.attribute(ATTRIBUTE);
        if (k == null) throw ApiException.unauthorized("missing or unknown API key: send Authorization: Bearer <key>");
        return k;
    }

    public static ApiKey requireWrite(Context ctx) {
        ApiKey k = key(ctx);
        if (!k.role().canWrite()) throw ApiException.forbidden("this key is read-only");
        return k;
    }

    public static ApiKey requireAdmin(Context ctx) {
        ApiKey k = key(ctx);
        if (k.role() != Role.ADMIN) throw ApiException.forbidden("this needs an admin key");
        return k;
    }
}
