package dev.freight.imports;

import dev.freight.auth.ApiKey;
import dev.freight.job.Job;
import dev.freight.job.Outcome;
import dev.freight.job.RowResult;
import dev.freight.store.Store;
import dev.freight.store.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A job's row results as one key may read them ({@link Visibility}: its groups, never a password),
 * for every adapter: one page after a cursor (the native API), the first rows of some outcomes (a
 * vendor's status), or every row in order.
 */
public final class Results {
    private final Store store;

    Results(Store store) {
        this.store = store;
    }

    /** The results from index {@code from} on, with the original fields when {@code originals}; close it after. */
    public RowResults open(Job job, ApiKey key, long from, boolean originals) {
        return RowResults.open(store, job, Visibility.of(key), from, originals);
    }

    /**
     * One page: the row results of {@code wanted} outcomes after index {@code after} (-1: from the
     * start), at most {@code limit}.
     *
     * @param next the cursor of the next page (the last row's index), null when no wanted row follows
     */
    public record Page(List<RowResult> items, Long next) {}

    public Page page(Job job, ApiKey key, Set<Outcome> wanted, long after, int limit) {
        List<RowResult> items = new ArrayList<>();
        try (RowResults rows = RowResults.open(store, job, Visibility.of(key), after + 1, wanted)) {
            while (rows.hasNext()) {
                RowResult r = rows.next();
                if (!wanted.contains(r.outcome())) continue;
                if (items.size() == limit) return new Page(items, items.get(items.size() - 1).index());
                items.add(r);
            }
        }
        return new Page(items, null);
    }

    /** Every readable row result of {@code wanted} outcomes in input order, at most {@code max}. */
    public void forEach(Job job, ApiKey key, Set<Outcome> wanted, long max, Consumer<RowResult> each) {
        long n = 0;
        try (RowResults rows = RowResults.open(store, job, Visibility.of(key), 0, wanted)) {
            while (n < max && rows.hasNext()) {
                RowResult r = rows.next();
                if (!wanted.contains(r.outcome())) continue;
                each.accept(r);
                n++;
            }
        }
    }
}
