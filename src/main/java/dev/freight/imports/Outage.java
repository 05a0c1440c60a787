package dev.freight.imports;

import dev.freight.worker.StoreFailures;
import java.util.Optional;

/** A failure of the database that passes (busy, locked, restarting, connection lost): the request may be retried shortly. */
public final class Outage {
    private Outage() {}

    /** What failed, in a client's words, when {@code e} is such a failure; else empty. */
    public static Optional<String> of(Throwable e) {
        return StoreFailures.isTransient(e) ? Optional.of(StoreFailures.describe(e)) : Optional.empty();
    }
}
