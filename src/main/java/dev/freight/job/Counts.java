package dev.freight.job;

/** A job's row counts; {@code requested} is null until the rows have been counted (at submission, or once read through). */
public record Counts(Long requested, long processed, long inserted, long updated, long unchanged,
                     long ignored, long deleted, long failed) {
    public static final Counts ZERO = new Counts(null, 0, 0, 0, 0, 0, 0, 0);

    /** A number of rows in words: "1 row", "3 rows". */
    public static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }

    public Counts plus(Outcome o) {
        return new Counts(requested, processed + 1,
                inserted + (o == Outcome.INSERTED ? 1 : 0), updated + (o == Outcome.UPDATED ? 1 : 0),
                unchanged + (o == Outcome.UNCHANGED ? 1 : 0), ignored + (o == Outcome.IGNORED ? 1 : 0),
                deleted + (o == Outcome.DELETED ? 1 : 0), failed + (o == Outcome.FAILED ? 1 : 0));
    }

    /** These counts with a chunk's outcomes added (one object per chunk, not one per row). */
    public Counts plus(Outcome[] outcomes) {
        long[] n = new long[Outcome.values().length];
        for (Outcome o : outcomes) n[o.ordinal()]++;
        return new Counts(requested, processed + outcomes.length, inserted + n[Outcome.INSERTED.ordinal()],
                updated + n[Outcome.UPDATED.ordinal()], unchanged + n[Outcome.UNCHANGED.ordinal()],
                ignored + n[Outcome.IGNORED.ordinal()], deleted + n[Outcome.DELETED.ordinal()],
                failed + n[Outcome.FAILED.ordinal()]);
    }

    public Counts plus(Counts c) {
        return new Counts(requested, processed + c.processed, inserted + c.inserted, updated + c.updated,
                unchanged + c.unchanged, ignored + c.ignored, deleted + c.deleted, failed + c.failed);
    }

    public Counts withRequested(Long r) {
        return new Counts(r, processed, inserted, updated, unchanged, ignored, deleted, failed);
    }
}
