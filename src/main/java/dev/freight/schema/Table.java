package dev.freight.schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table as Freight sees it: the database's columns and keys merged with Freight's own
 * attributes. {@code version} grows with every change Freight makes to it and feeds the ETag.
 */
public record Table(
        String id,
        String workspace,
        String name,
        List<Column> columns,
        List<String> primaryKey,
        List<List<String>> uniqueKeys,
        TableKind kind,
        List<String> associations,
        boolean discovered,
        long version,
        Instant createdAt) {

    public Table {
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        uniqueKeys = uniqueKeys == null ? List.of() : uniqueKeys.stream().map(List::copyOf).toList();
        kind = kind == null ? TableKind.TABLE : kind;
        associations = associations == null ? List.of() : List.copyOf(associations);
    }

    public Optional<Column> column(String name) {
        for (Column c : columns) if (c.name().equals(name)) return Optional.of(c);
        return Optional.empty();
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
        return -1;
    }

    public boolean hasKey() {
        return !primaryKey.isEmpty();
    }

    /** True when {@code cols} (in any order) is the primary key or one of the unique keys. */
    public boolean isUniqueKey(List<String> cols) {
        if (sameSet(cols, primaryKey)) return true;
        for (List<String> u : uniqueKeys) if (sameSet(cols, u)) return true;
        return false;
    }

    private static boolean sameSet(List<String> a, List<String> b) {
        return !a.isEmpty() && a.size() == b.size() && a.containsAll(b);
    }

    public String etag() {
        return "\"" + id + "-" + version + "\"";
    }

    public Table withVersion(long v) {
        return new Table(id, workspace, name, columns, primaryKey, uniqueKeys, kind, associations, discovered, v, createdAt);
    }

    public Table withColumns(List<Column> cols) {
        return new Table(id, workspace, name, new ArrayList<>(cols), primaryKey, uniqueKeys, kind, associations, discovered, version, createdAt);
    }
}
