package dev.freight.imports;

import dev.freight.auth.ApiKey;
import dev.freight.schema.Column;
import dev.freight.schema.Names;
import dev.freight.schema.Table;
import dev.freight.store.ReservedName;
import dev.freight.store.Store;
import dev.freight.store.StoreException;
import dev.freight.store.Visibility;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tables and their rows as adapters see them: only within the key's workspace, rows as the key may read them. */
public final class Tables {
    private final Store store;

    Tables(Store store) {
        this.store = store;
    }

    public List<Table> list(String workspace) {
        return store.tables(workspace);
    }

    /** The table {@code name} of {@code workspace}; empty for a name that is no valid name, too. */
    public Optional<Table> find(String workspace, String name) {
        return name != null && Names.isValid(name) ? store.table(workspace, name) : Optional.empty();
    }

    /** The table {@code name} of {@code workspace}: 400 for a malformed name, 404 for an unknown one. */
    public Table get(String workspace, String name) {
        if (!Names.isValid(name)) throw Refused.invalid("table", new Names.InvalidNameException("table", name).getMessage());
        return store.table(workspace, name)
                .orElseThrow(() -> Refused.notFound("table " + name + " does not exist in workspace " + workspace));
    }

    /** The table of {@code workspace} with this id. */
    public Optional<Table> byId(String workspace, String id) {
        return store.tableById(workspace, id);
    }

    /** Columns of a discovered table that Freight leaves out, and why. */
    public List<String> problems(Table t) {
        return store.tableProblems(t.workspace(), t.name());
    }

    /**
     * {@code If-Match} against the table's ETag: absent or {@code *} passes, anything else must be
     * the ETag, else 409 (the {@code noun} is the vendor's word for a table).
     */
    public void requireVersion(Table t, String ifMatch, String noun) {
        if (ifMatch != null && !ifMatch.trim().equals("*") && !ifMatch.trim().equals(t.etag())) {
            throw Refused.conflict("If-Match " + ifMatch + " does not match the " + noun + "'s ETag " + t.etag());
        }
    }

    /** Creates a table: 409 when it exists, 400 for a name the store keeps for itself. */
    public Table create(Table def) {
        try {
            return store.createTable(def);
        } catch (StoreException.Conflict e) {
            throw Refused.conflict(e.getMessage());
        } catch (ReservedName e) {
            throw Refused.invalid("name", e.getMessage());
        }
    }

    public void drop(Table t) {
        store.dropTable(t.workspace(), t.name());
    }

    /** How many rows of {@code t} {@code key} reads: an exact count, so its time grows with the table. */
    public long rowCount(Table t, ApiKey key) {
        return store.countRows(t, Visibility.of(key));
    }

    /** The names of the columns {@code key} may read, in table order. */
    public List<String> columns(Table t, ApiKey key) {
        return Visibility.of(key).columns(t).stream().map(Column::name).toList();
    }

    /**
     * One page of rows in key order, with the values as the engine carries them ({@link Cells}
     * renders them).
     *
     * @param next the cursor of the next page, null at the end
     */
    public record RecordPage(List<Map<String, Object>> rows, String next) {}

    /** The rows after cursor {@code after} (null: from the start) that {@code key} reads; 400 for a cursor this API did not give. */
    public RecordPage records(Table t, ApiKey key, int limit, String after) {
        Store.RecordPage page;
        try {
            page = store.records(t, limit, after, Visibility.of(key));
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("after", e.getMessage());
        }
        return new RecordPage(page.rows(), page.next());
    }
}
