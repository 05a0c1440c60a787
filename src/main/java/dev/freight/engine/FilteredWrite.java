package dev.freight.engine;

import dev.freight.ingest.MappedRow;
import java.util.Set;

/**
 * One write to the rows a filter matches, decided and made in one transaction with the table's
 * writes serialised: every match updated, or a new row when none matches ({@code insertWhenNone}).
 * Too many matches change nothing. An update leaves the key, {@code updatable: false} columns
 * and the {@code kept} ones as they are; an insert sets them all like an import's insert.
 *
 * @param where          the rows to update, typed ({@link FilterCheck})
 * @param row            the values by column position, {@link MappedRow#ABSENT} where none is given
 * @param kept           more columns an update leaves as they are
 * @param maxMatches     more matches than this: nothing changes ({@link Result.Kind#TOO_MANY})
 * @param many           more than one match may be updated; else {@link Result.Kind#AMBIGUOUS}
 * @param insertWhenNone no match: insert {@code row}; else nothing changes
 */
public record FilteredWrite(Filter where, Object[] row, Set<String> kept, int maxMatches, boolean many,
                            boolean insertWhenNone) {
    public FilteredWrite {
        kept = Set.copyOf(kept);
        if (maxMatches < 1) throw new IllegalArgumentException("maxMatches must be at least 1");
    }

    /**
     * What became of the write.
     *
     * @param matched the rows the filter matched (at most maxMatches + 1 are counted)
     * @param changed the rows updated or inserted (0 unless UPDATED or INSERTED)
     * @param key     the inserted row's key as JSON text ({"id":"17"}), else null
     */
    public record Result(Kind kind, long matched, long changed, String key) {
        public enum Kind { UPDATED, INSERTED, NONE, AMBIGUOUS, TOO_MANY }
    }

    /** The write's row failed (a required value missing, a unique key taken): nothing changed. */
    public static final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
