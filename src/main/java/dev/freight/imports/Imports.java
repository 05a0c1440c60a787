package dev.freight.imports;

import dev.freight.callback.CallbackBodies;
import dev.freight.job.Job;
import dev.freight.store.Store;
import dev.freight.worker.JobSignals;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one door of every adapter (the native routes, each vendor dialect, the console's API): what
 * an adapter may do, each part scoped to a workspace, and nothing else of the store. An adapter
 * translates its request into these calls and their answers (or {@link Refused}) into its shapes.
 */
public final class Imports {
    private final Store store;
    private final Submissions submissions;
    private final Jobs jobs;
    private final Results results;
    private final Tables tables;
    private final Matches matches;
    private final Keys keys;
    private final Health health;
    private final Inference inference = new Inference();
    private final CallbackBodies callbackBodies;

    public Imports(Store store, JobSignals signals, CallbackBodies callbackBodies) {
        this.store = store;
        this.submissions = new Submissions(store, signals);
        this.jobs = new Jobs(store, signals);
        this.results = new Results(store);
        this.tables = new Tables(store);
        this.matches = new Matches(store);
        this.keys = new Keys(store);
        this.health = new Health(store, signals.pauses());
        this.callbackBodies = callbackBodies;
    }

    /** Spool a body, check the options against the table, queue the job. */
    public Submissions submissions() {
        return submissions;
    }

    /** Find a job within a workspace, list, cancel, follow it to its end. */
    public Jobs jobs() {
        return jobs;
    }

    /** A job's row results, filtered by outcome, as a key may read them. */
    public Results results() {
        return results;
    }

    /** Tables and their rows within a workspace. */
    public Tables tables() {
        return tables;
    }

    /** Rows chosen by a filter: read with their count, updated, or inserted when none matches. */
    public Matches matches() {
        return matches;
    }

    /** API keys, groups and callback secrets. */
    public Keys keys() {
        return keys;
    }

    /** A table proposed for a sample of rows (nothing is stored). */
    public Inference inference() {
        return inference;
    }

    public Health health() {
        return health;
    }

    /** At most one accepted call per table per {@code window}, across every node of the database. */
    public Pacing pacing(Duration window) {
        return new Pacing(store, window, store.clock());
    }

    /** Callbacks of jobs whose spec names {@code format} POST what {@code renderer} makes of the final job. */
    public void renderCallbacks(String format, Function<Job, Object> renderer) {
        callbackBodies.register(format, renderer);
    }
}
