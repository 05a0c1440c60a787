package dev.freight.worker;

/** Stop without ending the job: this node is shutting down, or lost the lease. */
final class Interrupted extends RuntimeException {
    Interrupted(String message) {
        super(message, null, false, false);
    }
}
