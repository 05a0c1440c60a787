package dev.freight.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A follower hears a new state at once, and progress no sooner than it asked. */
class JobSignalsTest {
    private final JobSignals signals = new JobSignals();

    /** Milliseconds {@code awaitJob} took, with {@code signal} run 50 ms after the wait began. */
    private long timedWait(long millis, long progressAfterMillis, Runnable signal) throws Exception {
        long seen = signals.version("j");
        CompletableFuture<Void> later = CompletableFuture.runAsync(signal,
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        long start = System.nanoTime();
        signals.awaitJob("j", seen, millis, progressAfterMillis);
        long took = (System.nanoTime() - start) / 1_000_000;
        later.get();
        return took;
    }

    @Test
    void aNewStateEndsTheWaitAtOnceWhateverTheProgressGap() throws Exception {
        long took = timedWait(5_000, 5_000, () -> signals.jobChanged("j"));
        assertTrue(took < 2_000, "a state change must wake the follower at once, took " + took + " ms");
    }

    @Test
    void progressAloneWakesNoSoonerThanTheFollowerAsked() throws Exception {
        long took = timedWait(5_000, 400, () -> signals.jobProgressed("j"));
        assertTrue(took >= 390, "progress woke the follower after " + took + " ms, before the 400 ms it asked for");
        assertTrue(took < 3_000, "progress must wake the follower once its gap passed, took " + took + " ms");
    }

    @Test
    void progressThatCameEarlierWakesOnceTheGapHasPassed() throws Exception {
        long seen = signals.version("j");
        signals.jobProgressed("j");
        long start = System.nanoTime();
        signals.awaitJob("j", seen, 5_000, 0);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 1_000, "progress already made must not be waited for again, took " + took + " ms");
    }

    @Test
    void aFollowerThatWantsNoProgressWaitsItsWholeTime() throws Exception {
        long took = timedWait(300, 300, () -> signals.jobProgressed("j"));
        assertTrue(took >= 290, "progress alone ended a wait that wanted none, after " + took + " ms");
    }
}
