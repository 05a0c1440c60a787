package dev.freight.imports;

import dev.freight.store.Store;
import dev.freight.worker.Pauses;

/** Whether this node can serve: its database answers, and no job is paused because the database fails under it. */
public final class Health {
    private final Store store;
    private final Pauses pauses;

    Health(Store store, Pauses pauses) {
        this.store = store;
        this.pauses = pauses;
    }

    public boolean databaseAnswers() {
        return store.ping();
    }

    /** Jobs of this node paused on a failing database now. */
    public int pausedJobs() {
        return pauses.paused();
    }
}
