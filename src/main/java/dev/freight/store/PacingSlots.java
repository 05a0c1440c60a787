package dev.freight.store;

import java.time.Duration;
import java.time.Instant;

/**
 * D·engage's pacing: one slot per table, taken atomically in the database, so that the rule
 * holds across every node.
 */
public final class PacingSlots {
    private final Database db;
    private final Queries q;

    PacingSlots(Database db, Queries q) {
        this.db = db;
        this.q = q;
    }

    /** Takes a table's slot: true when it was free (not taken within {@code window} before {@code now}). */
    public boolean take(String workspace, String table, Instant now, Duration window) {
        long at = now.toEpochMilli();
        return db.write(c -> q.exists(c, "takePacingSlot", workspace, table, at, at - window.toMillis()));
    }

    /** When the table's slot was last taken; null when never. */
    public Instant lastTaken(String workspace, String table) {
        Long at = db.read(c -> q.one(c, "pacingSlot", rs -> rs.getLong(1), workspace, table).orElse(null));
        return at == null ? null : Instant.ofEpochMilli(at);
    }

    /** Frees the slot taken at {@code takenAt} (the call that took it was refused after all); a later take stays. */
    public void giveBack(String workspace, String table, Instant takenAt) {
        db.write(c -> q.update(c, "givePacingSlotBack", workspace, table, takenAt.toEpochMilli()));
    }
}
