package dev.freight.imports;

import dev.freight.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most one call per table per window (D·engage's "one async call per table per minute"): a
 * table's slot is taken by an accepted call and given back when the call is rejected after all. The slot lives in the database, taken in
 * one atomic statement, so the rule holds for a whole cluster of nodes on PostgreSQL, as for
 * the one node of a SQLite file (and across restarts).
 */
public final class Pacing {
    private final Store store;
    private final Duration window;
    private final Clock clock;

    Pacing(Store store, Duration window, Clock clock) {
        this.store = store;
        this.window = window;
        this.clock = clock;
    }

    /** A slot this call holds: give it back if the call is refused after all. */
    public record Slot(String workspace, String table, Instant takenAt) {}

    /** Takes the table's slot, or how long until it frees (never zero). */
    public Taken take(String workspace, String table) {
        Instant now = clock.instant();
        if (window.isZero() || store.takePacingSlot(workspace, table, now, window)) {
            return new Taken(new Slot(workspace, table, now), null);
        }
        Instant last = store.pacingSlot(workspace, table);
        Duration left = last == null ? Duration.ofMillis(1) : Duration.between(now, last.plus(window));
        return new Taken(null, left.compareTo(Duration.ZERO) > 0 ? left : Duration.ofMillis(1));
    }

    /** Either the slot taken, or how long until it frees. */
    public record Taken(Slot slot, Duration retryAfter) {}

    /** Gives the slot back: the call that took it was not accepted. */
    public void giveBack(Slot slot) {
        if (!window.isZero()) store.givePacingSlotBack(slot.workspace(), slot.table(), slot.takenAt());
    }
}
