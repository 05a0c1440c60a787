package dev.freight.http;

import dev.freight.auth.ApiKey;
import dev.freight.auth.KeySecrets;
import dev.freight.auth.Role;
import dev.freight.store.Store;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which key sent a request ({@link KeySecrets} makes and hashes them). Found keys are cached for a
 * few seconds; a revocation on this node clears the cache at once.
 */
public final class Auth {
    static final String ATTRIBUTE = "freight.key";
    private static final long CACHE_MILLIS = 5_000;

    private final Store store;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKey key, long until) {}

    public Auth(Store store) {
        this.store = store;
    }

    /** The key for a secret, or null. */
    public ApiKey find(String secret) {
        if (secret == null || secret.isBlank()) return null;
        String h = KeySecrets.hash(secret.trim());
        Cached c = cache.get(h);
        long now = System.currentTimeMillis();
        if (c != null && c.until > now) return c.key;
        ApiKey key = store.keyByHash(h).orElse(null);
        if (key != null) cache.put(h, new Cached(key, now + CACHE_MILLIS));
        else cache.remove(h);
        return key;
    }

    public void forget(String keyId) {
        cache.values().removeIf(c -> c.key.id().equals(keyId));
    }

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
