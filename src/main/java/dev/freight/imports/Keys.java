package dev.freight.imports;

import dev.freight.auth.ApiKey;
import dev.freight.auth.KeySecrets;
import dev.freight.auth.Role;
import dev.freight.callback.CallbackSignature;
import dev.freight.store.CallbackSecrets;
import dev.freight.store.Store;
import dev.freight.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys, access groups and callback secrets of a workspace. A key found by its secret is cached
 * for a few seconds; a revocation on this node clears the cache at once.
 */
public final class Keys {
    private static final long CACHE_MILLIS = 5_000;
    /** How often a key's last use is written: the listing says when to within this, and requests do not each write. */
    static final long TOUCH_MILLIS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(Keys.class);

    private final Store store;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> touched = new ConcurrentHashMap<>();

    private record Cached(ApiKey key, long until) {}

    Keys(Store store) {
        this.store = store;
    }

    /** The key for a secret, or null. */
    public ApiKey find(String secret) {
        if (secret == null || secret.isBlank()) return null;
        String h = KeySecrets.hash(secret.trim());
        Cached c = cache.get(h);
        long now = System.currentTimeMillis();
        if (c != null && c.until > now) {
            touch(c.key, now);
            return c.key;
        }
        ApiKey key = store.keyByHash(h).orElse(null);
        if (key != null) {
            cache.put(h, new Cached(key, now + CACHE_MILLIS));
            touch(key, now);
        } else {
            cache.remove(h);
        }
        return key;
    }

    /** Writes the key's last use at most once a minute per node, off the request's path (a busy SQLite writer must not slow auth). */
    private void touch(ApiKey key, long now) {
        Long last = touched.get(key.id());
        if (last != null && now - last < TOUCH_MILLIS) return;
        if (last == null ? touched.putIfAbsent(key.id(), now) != null : !touched.replace(key.id(), last, now)) return;
        java.time.Instant at = store.clock().instant();
        Thread.ofVirtual().name("freight-key-use").start(() -> {
            try {
                store.touchKey(key.id(), at);
            } catch (RuntimeException e) { // only the listing's lastUsedAt is late; the next use tries again
                touched.remove(key.id(), now);
                log.debug("cannot record the use of key {}: {}", key.id(), e.getMessage());
            }
        });
    }

    /** A key as its admin lists it (never a secret or hash). */
    public record Listed(ApiKey key, java.time.Instant lastUsedAt) {}

    /** The keys in force of {@code workspace}; null: of every workspace. */
    public List<Listed> list(String workspace) {
        return store.keys(workspace).stream().map(k -> new Listed(k.key(), k.lastUsedAt())).toList();
    }

    /** A key just made, with its secret: shown once, stored only as its hash. */
    public record NewKey(ApiKey key, String secret) {}

    /** Makes a key; 400 for a workspace name the store keeps for itself, 409 when it clashes with a stored one. */
    public NewKey create(String workspace, Role role, String name, List<String> groups) {
        String secret = KeySecrets.newSecret();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), workspace, role, name, groups, store.clock().instant());
        try {
            store.createKey(key, KeySecrets.hash(secret));
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("workspace", e.getMessage()); // e.g. a name reserved by the store
        } catch (StoreException.Conflict e) {
            throw Refused.conflict(e.getMessage());
        }
        return new NewKey(key, secret);
    }

    /** Revokes key {@code id} of {@code workspace} (null: of any workspace); false when there is none. */
    public boolean revoke(String workspace, String id) {
        if (!store.revokeKey(workspace, id)) return false;
        cache.values().removeIf(c -> c.key.id().equals(id));
        return true;
    }

    public boolean groupExists(String workspace, String name) {
        return store.groupExists(workspace, name);
    }

    public void createGroup(String workspace, String name) {
        store.createGroup(workspace, name);
    }

    /**
     * A workspace's callback signing secret as shown to its admin.
     *
     * @param previousUntil until when the secret before the last rotation still signs; null when none does
     */
    public record CallbackSecret(String secret, Instant createdAt, Instant previousUntil) {
        static CallbackSecret of(CallbackSecrets.Secret s) {
            return new CallbackSecret(s.secret(), s.createdAt(), s.previous() != null ? s.previousUntil() : null);
        }
    }

    /** The callback secret (made now if there is none) when no admin was shown it before; then never again. */
    public Optional<CallbackSecret> revealCallbackSecret(String workspace) {
        return store.callbackSecrets().reveal(workspace, CallbackSignature.newSecret()).map(CallbackSecret::of);
    }

    /** A new callback secret, shown now; the old one still signs for {@code keepPrevious}. */
    public CallbackSecret rotateCallbackSecret(String workspace, Duration keepPrevious) {
        return CallbackSecret.of(store.callbackSecrets().rotate(workspace, CallbackSignature.newSecret(),
                store.clock().instant().plus(keepPrevious)));
    }
}
