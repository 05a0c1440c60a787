package dev.freight.compat.dengage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * D·engage's "one async call per table per minute": a table's slot is taken by an accepted call
 * and given back when the call is rejected after all. Kept per node: several nodes behind one
 * address each allow one call per window.
 */
final class Pacer {
    private final Duration window;
    private final Clock clock;
    private final Map<String, Instant> taken = new HashMap<>();

    Pacer(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Takes the table's slot and returns null, or returns how long until it frees (never zero). */
    synchronized Duration take(String table) {
        Instant now = clock.instant();
        Instant last = taken.get(table);
        if (last != null) {
            Duration left = Duration.between(now, last.plus(window));
            if (left.compareTo(Duration.ZERO) > 0) return left;
        }
        taken.put(table, now);
        taken.values().removeIf(t -> t.plus(window).isBefore(now)); // forget long-free tables
        taken.put(table, now);
        return null;
    }

    /** Gives the slot back: the call that took it was not accepted. */
    synchronized void giveBack(String table) {
        taken.remove(table);
    }
}
