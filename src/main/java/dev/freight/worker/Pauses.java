package dev.freight.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs of this node paused because the database failed under them (gone, restarting, busy or
 * locked): they resume by themselves once it answers. {@code /health} reports the node degraded
 * while any is paused, and {@code /metrics} counts the pauses.
 */
public final class Pauses {
    private final AtomicInteger paused = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();

    void begin() {
        paused.incrementAndGet();
        total.incrementAndGet();
    }

    void end() {
        paused.decrementAndGet();
    }

    /** Jobs paused now. */
    public int paused() {
        return paused.get();
    }

    /** Pauses since this node started. */
    public long total() {
        return total.get();
    }
}
