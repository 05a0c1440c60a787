package dev.freight.store;

import dev.freight.auth.ApiKey;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.Table;
import java.util.List;
import java.util.Optional;

/**
 * What one key may read of a table's rows, the one rule every read path applies (records,
 * results as JSON or CSV, every dialect's status and result views): a password column is never
 * returned, to any key; a key limited to groups reads only rows whose group column is one of its
 * groups or empty, and where a path cannot tell a row's group, none.
 *
 * @param groups the key's groups; empty: every row
 */
public record Visibility(List<String> groups) {
    public Visibility {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static Visibility of(ApiKey key) {
        return new Visibility(key.groups());
    }

    /** The columns that may be returned. */
    public List<Column> columns(Table t) {
        return t.columns().stream().filter(Visibility::returned).toList();
    }

    /** Whether the values of {@code c} may be returned. */
    public static boolean returned(Column c) {
        return c.role() != ColumnRole.PASSWORD;
    }

    /** The column whose value decides who reads a row, when this key is limited by it; else empty. */
    public Optional<Column> groupColumn(Table t) {
        if (groups.isEmpty()) return Optional.empty();
        return t.columns().stream().filter(c -> c.role() == ColumnRole.GROUP).findFirst();
    }

    /** Whether a row whose group column holds {@code group} (as text; null when none) may be read. */
    public boolean readsGroup(String group) {
        return group == null || group.isEmpty() || groups.contains(group);
    }
}
