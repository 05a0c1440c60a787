package dev.freight.imports;

import dev.freight.ingest.Coercer;
import dev.freight.ingest.MalformedInputException;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.job.Counts;
import dev.freight.job.ImportMode;
import dev.freight.job.ImportRejected;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.schema.Table;
import dev.freight.store.Store;
import dev.freight.worker.JobSignals;
import dev.freight.worker.StoreFailures;
import dev.freight.worker.StoredRows;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts an import for every adapter (native API and dialects): checks the options against
 * the table, stores the body durably, checks its first row, and queues the job. When this
 * returns, the job survives any crash.
 */
public final class Submissions {
    /** Bodies up to this size (as stored) have their rows counted at submission: a few tens of milliseconds at most. */
    static final long COUNT_MAX_BYTES = 16L << 20;
    /** ... and at most this many rows. */
    static final long COUNT_MAX_ROWS = 200_000;

    private final Store store;
    private final JobSignals signals;

    public Submissions(Store store, JobSignals signals) {
        this.store = store;
        this.signals = signals;
    }

    /** The mode a job runs in: the spec's, or upsert (insert for a table without a key). */
    public static ImportMode effectiveMode(Table table, ImportSpec spec) {
        if (spec.mode() != null) return spec.mode();
        return table.hasKey() ? ImportMode.UPSERT : ImportMode.INSERT;
    }

    /** Checks what can be checked before the body is read; throws {@link ImportRejected} (422). */
    public void checkOptions(Table table, ImportSpec spec) {
        Map<String, String> errors = new LinkedHashMap<>();
        ImportMode mode = effectiveMode(table, spec);
        List<String> key = spec.key() != null ? spec.key() : table.primaryKey();
        if (spec.key() != null) {
            for (String k : spec.key()) {
                if (table.column(k).isEmpty()) errors.put("key", "table " + table.name() + " has no column " + k);
            }
            if (!errors.containsKey("key") && !table.isUniqueKey(spec.key())) {
                errors.put("key", String.join(", ", spec.key()) + " is not a unique key of table " + table.name()
                        + " (its keys: " + describeKeys(table) + ")");
            }
        }
        if (spec.alternateKey() != null) {
            String why = alternateKeyProblem(table, spec, key, mode);
            if (why != null) errors.put("alternateKey", why);
        }
        if (key.isEmpty() && mode != ImportMode.INSERT && mode != ImportMode.UPSERT && mode != ImportMode.REPLACE_ALL) {
            errors.put("mode", "mode " + mode.wireName() + " needs a key, and table " + table.name() + " has none");
        }
        Coercer coercer = null;
        try {
            coercer = new Coercer(spec.dateTimeFormats(), name -> store.groupExists(table.workspace(), name));
        } catch (IllegalArgumentException e) {
            errors.put("dateTimeFormats", e.getMessage());
        }
        if (errors.isEmpty()) errors.putAll(RowMapper.check(table, spec.mappingOptions(), coercer, null));
        if (!errors.isEmpty()) throw new ImportRejected(422, errors.values().iterator().next(), errors);
    }

    /** Why {@code spec}'s alternate key cannot serve: it matches the rows without a key value, which otherwise get a new number. */
    private static String alternateKeyProblem(Table table, ImportSpec spec, List<String> key, ImportMode mode) {
        for (String k : spec.alternateKey()) if (table.column(k).isEmpty()) return "table " + table.name() + " has no column " + k;
        if (!table.isUniqueKey(spec.alternateKey())) {
            return String.join(", ", spec.alternateKey()) + " is not a unique key of table " + table.name() + " (its keys: " + describeKeys(table) + ")";
        }
        if (mode != ImportMode.UPSERT) return "alternateKey applies to mode upsert only";
        if (key.size() != 1 || !table.column(key.get(0)).map(c -> c.autonumber()).orElse(false)) {
            return "alternateKey needs a key of one autonumber column (table " + table.name() + "'s key: " + String.join(", ", key) + ")";
        }
        if (spec.alternateKey().contains(key.get(0))) return "alternateKey must differ from the key";
        return null;
    }

    private static String describeKeys(Table t) {
        StringBuilder sb = new StringBuilder();
        if (t.hasKey()) sb.append("primary key (").append(String.join(", ", t.primaryKey())).append(")");
        for (List<String> u : t.uniqueKeys()) sb.append(sb.isEmpty() ? "" : ", ").append("unique (").append(String.join(", ", u)).append(")");
        return sb.isEmpty() ? "none" : sb.toString();
    }

    /**
     * Stores {@code body} and queues the job. {@code body} is read to its end here; a stream
     * that throws (over a size limit, client gone) leaves nothing behind.
     */
    public Job submit(String workspace, Table table, ImportSpec spec, String name, String ref, InputStream body)
            throws IOException {
        checkOptions(table, spec); // before the body is read: a bad option costs the client no upload
        BodyWriter copy = "gzip".equals(spec.contentEncoding())
                ? out -> GzipBodies.copyVerified(body, out, spec.maxExpandedBytes()) : body::transferTo;
        return submit(workspace, table, spec, name, ref, spool(copy));
    }

    /** A body stored durably that is not a job yet: an adapter may learn the options after the rows. */
    public record Spooled(String id, long bytes) {}

    /** Writes a body into the store, e.g. rows copied out of a larger request. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Stores a body; when {@code body} throws, nothing is left behind. A store without room for
     * it (disk full) is a 507, a store that fails for a moment a 503: either way nothing of the
     * body stays stored and no job exists.
     */
    public Spooled spool(BodyWriter body) throws IOException {
        try {
            return spoolUnchecked(body);
        } catch (RuntimeException e) {
            if (e instanceof ImportRejected) throw e;
            if (StoreFailures.isFull(e)) {
                throw new ImportRejected(507, "the server has no room to store the body (its disk is full); nothing was "
                        + "stored: retry later", Map.of("body", "no room to store it"));
            }
            if (StoreFailures.isTransient(e)) {
                throw new ImportRejected(503, "the database is unavailable (" + StoreFailures.describe(e) + "); nothing was "
                        + "stored: retry shortly", Map.of("body", "not stored"));
            }
            throw e;
        }
    }

    private Spooled spoolUnchecked(BodyWriter body) throws IOException {
        String id = UUID.randomUUID().toString();
        try (OutputStream sink = store.payloadSink(id)) {
            long[] bytes = {0};
            body.writeTo(new FilterOutputStream(sink) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes[0] += len;
                }

                @Override
                public void close() throws IOException {
                    flush(); // the sink is closed below, once: closing it commits the payload
                }
            });
            return new Spooled(id, bytes[0]);
        } catch (IOException | RuntimeException e) {
            discardQuietly(id, e);
            throw e;
        }
    }

    /** Drops what was stored of a failed body; if the store refuses now too, the next start removes it (an orphan). */
    private void discardQuietly(String id, Exception cause) {
        try {
            store.discardPayload(id);
        } catch (RuntimeException e) {
            if (e != cause) cause.addSuppressed(e);
        }
    }

    /** Drops a spooled body that will not become a job. */
    public void discard(Spooled body) {
        store.discardPayload(body.id());
    }

    /** Checks the options and the first row of a spooled body, then queues it; a rejected body is discarded. */
    public Job submit(String workspace, Table table, ImportSpec spec, String name, String ref, Spooled body) {
        Long requested;
        try {
            checkOptions(table, spec);
            requested = checkFirstRow(body.id(), table, spec, body.bytes() <= COUNT_MAX_BYTES);
        } catch (ImportRejected e) {
            discard(body);
            throw e;
        }
        ImportMode mode = effectiveMode(table, spec);
        // the job's id is the payload's: the runner finds its rows by it
        Job draft = new Job(body.id(), 0, workspace, table.name(), mode, spec, JobState.QUEUED, name, ref,
                Counts.ZERO.withRequested(requested), 0,
                false, store.clock().instant(), null, null, null, null, List.of());
        Job job = store.enqueue(draft, body.bytes(), "accepted " + body.bytes() + " bytes of " + spec.format().mediaType()
                + (spec.dryRun() ? " for a dry run" : ""));
        signals.jobQueued();
        return job;
    }

    /**
     * Checks the first row's fields against the table; with {@code count}, reads on to count the
     * rows (at most {@link #COUNT_MAX_ROWS}), so that the job shows {@code requested} from the start.
     *
     * @return the number of rows; null when not counted (too many, or the input breaks further on: the job says so)
     */
    private Long checkFirstRow(String id, Table table, ImportSpec spec, boolean count) {
        try (RowReader reader = StoredRows.open(store, id, spec)) {
            SourceRow first = reader.next();
            // an NDJSON line that is no object fails alone; the names to check are those of the next one
            SourceRow named = first;
            SourceRow last = first; // the last row read: counting goes on after it
            for (int skipped = 0; named != null && named.error() != null && named.names().isEmpty() && skipped < 100; skipped++) {
                named = reader.next();
                if (named != null) last = named;
            }
            if (named != null && !named.names().isEmpty()) {
                Map<String, String> errors = RowMapper.check(table, spec.mappingOptions(), new Coercer(spec.dateTimeFormats()), named.names());
                if (!errors.isEmpty()) throw new ImportRejected(422, errors.values().iterator().next(), errors);
            }
            if (first == null) return 0L;
            if (named == null) return last.index() + 1; // read to the end already
            return count ? countRest(reader, last) : null;
        } catch (MalformedInputException e) {
            throw new ImportRejected(400, "the body cannot be read as " + spec.format().mediaType() + ": " + e.getMessage(),
                    Map.of("body", e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            throw new ImportRejected(400, "the body cannot be read: " + e.getMessage(), Map.of("body", String.valueOf(e.getMessage())));
        }
    }

    /** The number of rows: {@code last} is the last row read so far; null past the bound or where the input breaks. */
    private static Long countRest(RowReader reader, SourceRow last) {
        try {
            long n = last == null ? 0 : last.index() + 1;
            SourceRow row;
            while ((row = reader.next()) != null) {
                n = row.index() + 1;
                if (n > COUNT_MAX_ROWS) return null;
            }
            return n;
        } catch (MalformedInputException | UncheckedIOException e) {
            return null; // the job reads the rows before the break and fails there, naming the line
        }
    }
}
