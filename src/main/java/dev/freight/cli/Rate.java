package dev.freight.cli;

import java.time.Duration;
import java.util.ArrayDeque;

/** Units per second over the last few seconds of samples, and the time left at that pace. */
final class Rate {
    private record Sample(long millis, long done) {}

    private final long windowMillis;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    Rate(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void add(long millis, long done) {
        if (!samples.isEmpty() && samples.peekLast().done() > done) samples.clear(); // a new phase started
        samples.addLast(new Sample(millis, done));
        while (samples.size() > 2 && millis - samples.peekFirst().millis() > windowMillis) samples.removeFirst();
    }

    /** Per second, or -1 until two samples a while apart exist. */
    double perSecond() {
        if (samples.size() < 2) return -1;
        Sample a = samples.peekFirst();
        Sample b = samples.peekLast();
        long ms = b.millis() - a.millis();
        return ms < 200 ? -1 : (b.done() - a.done()) * 1000.0 / ms;
    }

    /** The time {@code left} more units take at the current pace, or null when unknown. */
    Duration eta(long left) {
        double r = perSecond();
        if (r <= 0 || left < 0) return null;
        return Duration.ofMillis((long) (left / r * 1000));
    }
}
