package dev.freight.imports;

import dev.freight.auth.ApiKey;
import dev.freight.engine.Filter;
import dev.freight.engine.FilterCheck;
import dev.freight.engine.FilteredWrite;
import dev.freight.ingest.Coercer;
import dev.freight.ingest.MappedRow;
import dev.freight.ingest.MappingOptions;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.SourceRow;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.store.Store;
import dev.freight.store.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rows chosen by a {@link Filter} rather than by key, for adapters that read and write records
 * one request at a time (ContractInsight, and {@code /v1} too): read a page of the matches with
 * their count, update every match or insert when none, add one record. Each write is one
 * transaction, serialised with every other write to its table, so two concurrent writes with
 * the same filter cannot both insert. A key limited to groups reads and matches only its
 * groups' rows. Values are given as a JSON request gives them and read as a JSON import reads them.
 */
public final class Matches {
    private static final MappingOptions AS_JSON = new MappingOptions(null, Map.of(), Map.of(), true, false, false, false);

    private final Store store;

    Matches(Store store) {
        this.store = store;
    }

    /**
     * How a write treats its matches.
     *
     * @param kept           columns an update leaves as they are (besides the key and {@code updatable: false} ones)
     * @param maxMatches     more matches than this change nothing
     * @param many           more than one match may be updated
     * @param insertWhenNone no match inserts the values as a new row
     */
    public record Rules(Set<String> kept, int maxMatches, boolean many, boolean insertWhenNone) {}

    /** One page of the matches, and how many rows match in all. */
    public record Page(List<Map<String, Object>> rows, long total) {}

    /** The matches {@code offset} to {@code offset + limit} that {@code key} reads, in key order (keyless: stored order). */
    public Page read(Table t, ApiKey key, Filter where, long offset, int limit) {
        Visibility v = Visibility.of(key);
        Store.FilteredPage page = store.filteredPage(t, visible(t, v, typed(t, where)), offset, limit, v);
        return new Page(page.rows(), page.total());
    }

    /** Updates the matches with {@code values} (field → value as JSON gives it), or inserts them when none matches. */
    public FilteredWrite.Result write(Table t, ApiKey key, Filter where, Map<String, Object> values, Rules rules) {
        Filter filter = visible(t, Visibility.of(key), typed(t, where));
        FilteredWrite w = new FilteredWrite(filter, row(t, values), rules.kept(), rules.maxMatches(), rules.many(),
                rules.insertWhenNone());
        return run(t, w);
    }

    /** Inserts one record. */
    public FilteredWrite.Result insert(Table t, ApiKey key, Map<String, Object> values) {
        // a filter that matches nothing: the write inserts, through the same path as every other
        Filter none = new Filter.Group(Filter.Logic.OR, List.of());
        return run(t, new FilteredWrite(none, row(t, values), Set.of(), 1, false, true));
    }

    private FilteredWrite.Result run(Table t, FilteredWrite w) {
        try {
            return store.writeFiltered(t, w);
        } catch (FilteredWrite.Rejected e) {
            throw Refused.invalid("values", e.getMessage());
        }
    }

    private static Filter typed(Table t, Filter where) {
        try {
            return FilterCheck.typed(t, where);
        } catch (FilterCheck.Invalid e) {
            throw Refused.invalid("filter", e.getMessage());
        }
    }

    /** The filter within the rows the key reads: its groups' rows and those of no group. */
    private static Filter visible(Table t, Visibility v, Filter where) {
        Optional<Column> group = v.groupColumn(t);
        if (group.isEmpty()) return where;
        String g = group.get().name();
        List<Object> groups = new ArrayList<>(v.groups());
        Filter readable = new Filter.Group(Filter.Logic.OR, List.of(
                new Filter.Condition(g, Filter.Op.IS_NULL, List.of()),
                new Filter.Condition(g, Filter.Op.EQ, List.of("")),
                new Filter.Condition(g, Filter.Op.IN, groups)));
        return Filter.and(where, readable);
    }

    /** The values as a JSON import maps one object: unknown fields and values that do not fit are refused. */
    private static Object[] row(Table t, Map<String, Object> values) {
        List<String> names = new ArrayList<>(values.keySet());
        SourceRow src = new SourceRow(0, 0, names, values.values().toArray(), null);
        MappedRow m = new RowMapper(t, AS_JSON, new Coercer(null)).map(src);
        if (m.error() != null) throw Refused.invalid("values", m.error());
        return m.values();
    }
}
