package dev.freight.imports;

import dev.freight.ingest.MalformedInputException;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.job.Outcome;
import dev.freight.job.RowResult;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.engine.ResultChunk;
import dev.freight.store.Store;
import dev.freight.engine.Values;
import dev.freight.store.Visibility;
import dev.freight.worker.StoredRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * A job's row results in index order, as one key may read them ({@link Visibility}): the one
 * reader of results behind {@link Results}, for every adapter (native JSON and CSV, D·engage GetStatus, Yesmail's async
 * results). A row's group is the value its input gives the table's group column, so where a key
 * is limited to groups (or the original rows are asked for) the stored body is read alongside
 * the results. Fields that feed a password column are never given back. When the table is gone,
 * nothing tells a row's group or which fields were passwords: a limited key reads no row, and
 * no key gets the original fields.
 */
public final class RowResults implements Iterator<RowResult>, AutoCloseable {
    private static final int CHUNKS_PER_READ = 8;

    private final Store store;
    private final String jobId;
    private final Visibility visibility;
    private final boolean limited; // the key's groups decide which rows it reads
    private final String groupField; // the input field feeding the group column, or null
    private final Boolean constantGroupReadable; // the group column is a constant: whether its rows are readable
    private final Set<String> hiddenFields = new HashSet<>(); // input fields feeding password columns
    private final Set<String> hiddenColumns = new HashSet<>(); // password columns
    private final boolean originals;
    private final Set<Outcome> wanted; // null: every chunk
    private final RowReader reader; // null when the rows are not read alongside
    private SourceRow source;
    private boolean sourceDone;
    private List<String> fieldNames; // the first readable row's fields that may be given back
    private List<String> lastNames; // the input names fieldIndex was made for (CSV: one list for every row)
    private int[] fieldIndex; // by field name: its position in lastNames, or -1

    private final List<ResultChunk> chunks = new ArrayList<>();
    private int chunk;
    private int pos;
    private long nextFrom;
    private final long from;
    private boolean exhausted;
    private RowResult next;

    private RowResults(Store store, Job job, Visibility visibility, long from, boolean originals, Set<Outcome> wanted) {
        this.store = store;
        this.jobId = job.id();
        this.visibility = visibility;
        this.from = from;
        this.nextFrom = from;
        Table table = store.table(job.workspace(), job.table()).orElse(null);
        ImportSpec spec = job.spec();
        Optional<Column> group = table == null ? Optional.empty() : visibility.groupColumn(table);
        this.limited = group.isPresent() || (table == null && !visibility.groups().isEmpty());
        String constant = group.map(g -> spec.constants().get(g.name())).orElse(null);
        this.constantGroupReadable = constant == null ? null : visibility.readsGroup(constant);
        this.groupField = group.isPresent() && constant == null ? spec.mapping().getOrDefault(group.get().name(), group.get().name()) : null;
        if (table != null) {
            for (Column c : table.columns()) {
                if (Visibility.returned(c)) continue;
                hiddenColumns.add(c.name());
                hiddenFields.add(spec.mapping().getOrDefault(c.name(), c.name()));
            }
        }
        this.originals = originals && table != null;
        this.reader = groupField != null || this.originals ? open(store, job) : null;
        this.sourceDone = reader == null;
        // chunks without a wanted outcome may be skipped only when no body is read alongside
        this.wanted = reader == null && wanted != null && !wanted.containsAll(java.util.EnumSet.allOf(Outcome.class)) ? wanted : null;
    }

    /** The results of {@code job} from index {@code from} on that {@code visibility} lets its key read; close it after. */
    static RowResults open(Store store, Job job, Visibility visibility, long from, boolean originals) {
        return new RowResults(store, job, visibility, from, originals, null);
    }

    /** The same, for a reader that keeps only rows of {@code wanted} outcomes: chunks without any may be left out. */
    static RowResults open(Store store, Job job, Visibility visibility, long from, Set<Outcome> wanted) {
        return new RowResults(store, job, visibility, from, false, wanted);
    }

    private static RowReader open(Store store, Job job) {
        try {
            return StoredRows.open(store, job.id(), job.spec());
        } catch (IOException | UncheckedIOException e) {
            return null; // unreadable: no row's group or fields can be told
        }
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            Raw r = nextRaw();
            if (r == null) return false;
            SourceRow src = sourceAt(r.index);
            if (!readable(src)) continue;
            next = new RowResult(r.index, r.line, r.outcome, r.time, key(r.key), r.message, fields(src));
        }
        return true;
    }

    @Override
    public RowResult next() {
        if (!hasNext()) throw new NoSuchElementException();
        RowResult r = next;
        next = null;
        return r;
    }

    private boolean readable(SourceRow src) {
        if (!limited) return true;
        if (constantGroupReadable != null) return constantGroupReadable;
        if (groupField == null || src == null || src.error() != null) return false; // cannot tell: none
        int at = src.names().indexOf(groupField);
        Object v = at < 0 || at >= src.values().length ? null : src.values()[at];
        return visibility.readsGroup(v == null ? null : Values.text(v));
    }

    /** The key's JSON without password columns (a key that includes one is rare, but it is still a password). */
    private String key(String json) {
        if (json == null || hiddenColumns.isEmpty()) return json;
        java.util.Map<?, ?> key = dev.freight.Json.read(json, java.util.LinkedHashMap.class);
        if (!key.keySet().removeAll(hiddenColumns)) return json;
        return key.isEmpty() ? null : dev.freight.Json.write(key);
    }

    /**
     * The original fields' names as every row's fields are given: those of the first row read
     * (later JSON rows are matched to them by name), without those feeding a password column.
     * Empty until a row was read, and when the original rows were not asked for.
     */
    public List<String> fieldNames() {
        return fieldNames == null ? List.of() : fieldNames;
    }

    private List<String> fields(SourceRow src) {
        if (!originals) return List.of();
        if (fieldNames == null && src != null) {
            fieldNames = src.names().stream().filter(n -> !hiddenFields.contains(n)).toList();
        }
        if (fieldNames == null) return List.of();
        List<String> out = new ArrayList<>(fieldNames.size());
        if (src == null) {
            for (int i = 0; i < fieldNames.size(); i++) out.add("");
            return out;
        }
        if (src.names() != lastNames) {
            fieldIndex = new int[fieldNames.size()];
            for (int i = 0; i < fieldIndex.length; i++) fieldIndex[i] = src.names().indexOf(fieldNames.get(i));
            lastNames = src.names();
        }
        for (int at : fieldIndex) {
            Object v = at < 0 || at >= src.values().length ? null : src.values()[at];
            out.add(v == null ? "" : Values.text(v));
        }
        return out;
    }

    /** The input row of {@code index}, read on from the last one; null when the input has none (or cannot be read). */
    private SourceRow sourceAt(long index) {
        while (!sourceDone && (source == null || source.index() < index)) {
            try {
                source = reader.next();
            } catch (MalformedInputException | UncheckedIOException e) {
                source = null; // the rest of the input cannot be read: rows from here have no fields
            }
            if (source == null) sourceDone = true;
        }
        return source != null && source.index() == index ? source : null;
    }

    private record Raw(long index, long line, Outcome outcome, Instant time, String key, String message) {}

    /** The next stored result from {@code from} on, a few chunks read at a time. */
    private Raw nextRaw() {
        while (true) {
            if (chunk < chunks.size()) {
                ResultChunk c = chunks.get(chunk);
                while (pos < c.size() && c.firstIndex() + pos < from) pos++;
                if (pos < c.size()) {
                    int i = pos++;
                    return new Raw(c.firstIndex() + i, c.line(i), c.outcomes()[i], c.committedAt(), c.keys()[i], c.messages()[i]);
                }
                chunk++;
                pos = 0;
                continue;
            }
            if (exhausted) return null;
            chunks.clear();
            chunk = 0;
            pos = 0;
            chunks.addAll(wanted == null ? store.results(jobId, nextFrom, CHUNKS_PER_READ)
                    : store.results(jobId, nextFrom, CHUNKS_PER_READ, wanted));
            if (chunks.isEmpty()) {
                exhausted = true;
                return null;
            }
            ResultChunk last = chunks.get(chunks.size() - 1);
            nextFrom = last.firstIndex() + last.size();
        }
    }

    @Override
    public void close() {
        if (reader != null) reader.close();
    }
}
