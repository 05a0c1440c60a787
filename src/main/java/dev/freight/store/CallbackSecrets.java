package dev.freight.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The secret each workspace's callbacks are signed with, kept in Freight's tables. It is made on
 * first use (by a delivery or by an admin reading it), shown once, and replaced by a rotation,
 * after which the previous one still signs for a while so that receivers can switch over. The
 * caller makes the random values; this class only keeps them.
 */
public final class CallbackSecrets {
    /**
     * A workspace's signing secret.
     *
     * @param previous      the secret before the last rotation while it still signs, else null
     * @param previousUntil until when the previous secret still signs
     * @param revealedAt    when an admin was shown the current secret, or null
     */
    public record Secret(String secret, String previous, Instant previousUntil, Instant createdAt, Instant revealedAt) {
        /** The secrets a delivery at {@code now} is signed with: the current one, and the previous while it lasts. */
        public java.util.List<String> signing(Instant now) {
            return previous != null && previousUntil != null && now.isBefore(previousUntil)
                    ? java.util.List.of(secret, previous) : java.util.List.of(secret);
        }
    }

    private final Database db;
    private final Queries q;
    private final Clock clock;

    CallbackSecrets(Database db, Queries q, Clock clock) {
        this.db = db;
        this.q = q;
        this.clock = clock;
    }

    /** The workspace's secret; {@code candidate} becomes it when it has none yet. */
    public Secret current(String workspace, String candidate) {
        return db.write(c -> ensure(c, workspace, candidate));
    }

    /** The secret, made from {@code candidate} if needed, when no admin was shown it before; then never again. */
    public Optional<Secret> reveal(String workspace, String candidate) {
        return db.write(c -> {
            Secret s = ensure(c, workspace, candidate);
            if (q.update(c, "revealCallbackSecret", clock.instant(), workspace) != 1) return Optional.empty();
            return Optional.of(s);
        });
    }

    /** Replaces the secret by {@code fresh} (shown to the caller now); the old one still signs until {@code previousUntil}. */
    public Secret rotate(String workspace, String fresh, Instant previousUntil) {
        return db.write(c -> {
            Instant now = clock.instant();
            ensure(c, workspace, fresh);
            q.update(c, "rotateCallbackSecret", previousUntil, fresh, now, now, workspace);
            return read(c, workspace).orElseThrow();
        });
    }

    private Secret ensure(Connection c, String workspace, String candidate) throws SQLException {
        Optional<Secret> s = read(c, workspace);
        if (s.isPresent()) return s.get();
        q.update(c, "insertCallbackSecret", workspace, candidate, clock.instant());
        return read(c, workspace).orElseThrow(); // ours, or the one another node made first
    }

    private Optional<Secret> read(Connection c, String workspace) throws SQLException {
        SqlDialect d = q.dialect();
        return q.one(c, "callbackSecret", rs -> new Secret(rs.getString("secret"), rs.getString("previous"),
                d.readInstant(rs, "previous_until"), d.readInstant(rs, "created_at"), d.readInstant(rs, "revealed_at")),
                workspace);
    }
}
