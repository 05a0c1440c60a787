package dev.freight.engine;

import dev.freight.ingest.MappedRow;
import dev.freight.schema.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chunk decided but not yet written: every row's outcome and the net change per key, planned
 * against the stored rows (and, when planned ahead, the rows an earlier chunk still in flight
 * will leave). The store writes it; the database may still reject a change, and then
 * {@link #rejected()} names its key.
 */
public final class PlannedChunk {
    private final Table table;
    private final ApplyOptions options;
    private final List<MappedRow> rows;
    private final ChunkPlanner planner;
    private final List<Change> changes;
    private final ChunkResult result;
    private final boolean assumedNew;
    private Map<List<Object>, Object[]> finalStates;
    private PreparedWrite prepared;

    public PlannedChunk(Table table, ApplyOptions options, List<MappedRow> rows, ChunkPlanner planner,
                        List<Change> changes, ChunkResult result, boolean assumedNew) {
        this.table = table;
        this.options = options;
        this.assumedNew = assumedNew;
        this.rows = rows;
        this.planner = planner;
        this.changes = changes;
        this.result = result;
    }

    public Table table() {
        return table;
    }

    public ApplyOptions options() {
        return options;
    }

    public List<MappedRow> rows() {
        return rows;
    }

    public ChunkPlanner planner() {
        return planner;
    }

    /** The net changes, in write order. */
    public List<Change> changes() {
        return changes;
    }

    public ChunkResult result() {
        return result;
    }

    /** Planned without reading stored rows: every key assumed new until the database says otherwise. */
    public boolean assumedNew() {
        return assumedNew;
    }

    /** What the store's writer prepared for this chunk's write while planning it, or null. */
    public PreparedWrite prepared() {
        return prepared;
    }

    public void prepared(PreparedWrite work) {
        this.prepared = work;
    }

    /**
     * For a chunk the store planned without {@link ChunkPlanner#plan} (its outcomes decided as it
     * is written): each key's row once this chunk is written, as a chunk planned after it must see.
     */
    public void finalStates(Map<List<Object>, Object[]> states) {
        this.finalStates = states;
    }

    /** Each planned key's row once this chunk is written (null: deleted). */
    public Map<List<Object>, Object[]> finalStates() {
        if (finalStates == null) finalStates = planner.finalStates();
        return finalStates;
    }

    /**
     * This chunk was written under another plan (made with the stored rows): its outcomes become
     * that plan's, and every key counts as rejected for chunks planned on this plan's assumptions.
     */
    public void replacedBy(PlannedChunk actual) {
        System.arraycopy(actual.result.outcomes(), 0, result.outcomes(), 0, result.outcomes().length);
        System.arraycopy(actual.result.keys(), 0, result.keys(), 0, result.keys().length);
        System.arraycopy(actual.result.messages(), 0, result.messages(), 0, result.messages().length);
        planner.rejected().addAll(finalStates().keySet());
    }

    /**
     * Encodes the results as planned, so that the writing transaction only sends them (it encodes
     * again if the write changes an outcome). {@code lines}: each row's input line.
     */
    public EncodedResults encodeResults(long[] lines) {
        return EncodedResults.of(result, lines);
    }

    /** Keys whose change the database rejected when this chunk was written. */
    public Set<List<Object>> rejected() {
        return planner.rejected();
    }

    /**
     * True when this chunk was planned on the assumption that {@code earlier} would be written as
     * planned, and the database rejected a change of a key this chunk also touches.
     */
    public boolean dependsOnRejectedKeyOf(PlannedChunk earlier) {
        if (earlier == null || earlier.rejected().isEmpty()) return false;
        for (List<Object> k : earlier.rejected()) {
            if (finalStates().containsKey(k)) return true;
        }
        return false;
    }
}
