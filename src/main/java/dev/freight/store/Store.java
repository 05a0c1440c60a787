package dev.freight.store;

import dev.freight.auth.ApiKey;
import dev.freight.auth.Role;
import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkPlanner;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.EncodedResults;
import dev.freight.engine.PlannedChunk;
import dev.freight.engine.ResultChunk;
import dev.freight.ingest.MappedRow;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.store.postgres.PostgresCatalog;
import dev.freight.store.postgres.PostgresDialect;
import dev.freight.store.postgres.PostgresTableWriter;
import dev.freight.store.sqlite.SqliteCatalog;
import dev.freight.store.sqlite.SqliteDialect;
import dev.freight.store.sqlite.SqliteTableWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one storage contract of Freight, over SQLite or PostgreSQL: it opens the database, plans
 * chunks and runs a worker's transactions ({@link Tx}). Each concern of Freight's own tables is
 * a class of its own (workspaces, API keys, users' tables, records, payload spool, job queue,
 * result log, callback states, pacing slots), reached through its accessor; the one-line
 * methods below them are the same operations under their former names. Over 400 lines only by
 * those delegations, which go once every caller uses the concern classes.
 */
public final class Store implements AutoCloseable {
    private final Database db;
    private final SqlDialect dialect;
    private final TableWriter writer;
    private final Clock clock;
    private final Workspaces workspaces;
    private final ApiKeys apiKeys;
    private final Autonumbers autonumbers;
    private final UserTables userTables;
    private final Records records;
    private final PayloadSpool payloads;
    private final CallbackStates callbacks;
    private final JobQueue jobs;
    private final ResultLog results;
    private final PacingSlots pacing;
    private final CallbackSecrets callbackSecrets;
    private final FilteredRows filtered;

    private Store(Database db, SqlDialect dialect, Catalog catalog, TableWriter writer, Clock clock) {
        this.db = db;
        this.dialect = dialect;
        this.writer = writer;
        this.clock = clock;
        Queries q = new Queries(dialect);
        this.workspaces = new Workspaces(db, q, clock);
        this.apiKeys = new ApiKeys(db, q, workspaces, clock);
        this.autonumbers = new Autonumbers(q);
        // Freight's own tables are never a user's
        this.userTables = new UserTables(db, q, new UserCatalog(catalog, dialect), workspaces, autonumbers, clock);
        this.records = new Records(db, dialect);
        this.payloads = new PayloadSpool(db, q);
        this.callbacks = new CallbackStates(db, q);
        this.jobs = new JobQueue(db, q, new JobRows(q), callbacks, clock);
        this.results = new ResultLog(db, q);
        this.pacing = new PacingSlots(db, q);
        this.callbackSecrets = new CallbackSecrets(db, q, clock);
        this.filtered = new FilteredRows(db, dialect, e -> writer.databaseMessage(e));
    }

    /** Opens the database, creates or evolves Freight's tables, and makes sure {@code default} exists. */
    public static Store open(String jdbcUrl, int poolSize, Clock clock) {
        Database db = new Database(jdbcUrl, poolSize);
        Store store = switch (db.kind()) {
            case SQLITE -> {
                SqliteDialect d = new SqliteDialect();
                yield new Store(db, d, new SqliteCatalog(), new SqliteTableWriter(d), clock);
            }
            case POSTGRESQL -> {
                PostgresDialect d = new PostgresDialect();
                yield new Store(db, d, new PostgresCatalog(), new PostgresTableWriter(d), clock);
            }
        };
        try {
            db.migrate();
            store.workspaces.ensure("default");
            store.payloads.deleteOrphans();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return store;
    }

    public StoreKind kind() {
        return db.kind();
    }

    public boolean ping() {
        return db.ping();
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        db.close();
    }

    // ---------------------------------------------------------------- the concerns

    public Workspaces workspaces() {
        return workspaces;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public UserTables userTables() {
        return userTables;
    }

    public Records recordReader() {
        return records;
    }

    public PayloadSpool payloadSpool() {
        return payloads;
    }

    public JobQueue jobQueue() {
        return jobs;
    }

    public ResultLog resultLog() {
        return results;
    }

    public CallbackStates callbackStates() {
        return callbacks;
    }

    public PacingSlots pacingSlots() {
        return pacing;
    }

    /** The workspaces' callback signing secrets. */
    public CallbackSecrets callbackSecrets() {
        return callbackSecrets;
    }

    // ---------------------------------------------------------------- delegations, by former name

    /** See {@link Workspaces#ensure}. */
    public void ensureWorkspace(String name) {
        workspaces.ensure(name);
    }

    public boolean workspaceExists(String name) {
        return workspaces.exists(name);
    }

    /** See {@link ApiKeys#create}. */
    public void createKey(ApiKey key, String hash) {
        apiKeys.create(key, hash);
    }

    public Optional<ApiKey> keyByHash(String hash) {
        return apiKeys.byHash(hash);
    }

    public boolean revokeKey(String workspace, String id) {
        return apiKeys.revoke(workspace, id);
    }

    /** A key in force as its admin lists it: never its hash. {@code lastUsedAt}: null when never used. */
    public record ListedKey(ApiKey key, Instant lastUsedAt) {}

    /** See {@link ApiKeys#list}. */
    public List<ListedKey> keys(String workspace) {
        return apiKeys.list(workspace);
    }

    /** See {@link ApiKeys#touch}. */
    public void touchKey(String id, Instant now) {
        apiKeys.touch(id, now);
    }

    public long countKeys() {
        return apiKeys.count();
    }

    public void createGroup(String workspace, String name) {
        apiKeys.createGroup(workspace, name);
    }

    public boolean groupExists(String workspace, String name) {
        return apiKeys.groupExists(workspace, name);
    }

    public List<Table> tables(String workspace) {
        return userTables.list(workspace);
    }

    public Optional<Table> table(String workspace, String name) {
        return userTables.table(workspace, name);
    }

    public Optional<Table> tableById(String workspace, String id) {
        return userTables.byId(workspace, id);
    }

    public List<String> tableProblems(String workspace, String name) {
        return userTables.problems(workspace, name);
    }

    /** See {@link UserTables#create}. */
    public Table createTable(Table def) {
        return userTables.create(def);
    }

    public boolean dropTable(String workspace, String name) {
        return userTables.drop(workspace, name);
    }

    /** One page of rows in key order, and the cursor of the next page (null at the end). */
    public record RecordPage(List<Map<String, Object>> rows, String next) {}

    /** See {@link Records#page}. */
    public RecordPage records(Table t, int limit, String after, Visibility visibility) {
        return records.page(t, limit, after, visibility);
    }

    /** See {@link Records#count}. */
    public long countRows(Table t, Visibility visibility) {
        return records.count(t, visibility);
    }

    /** See {@link JobQueue#count}. */
    public long countJobs(JobState state) {
        return jobs.count(state);
    }

    /** See {@link PayloadSpool#sink}. */
    public OutputStream payloadSink(String jobId) {
        return payloads.sink(jobId);
    }

    public InputStream payload(String jobId) {
        return payloads.read(jobId);
    }

    public void discardPayload(String jobId) {
        payloads.discard(jobId);
    }

    public Job enqueue(Job job, long payloadBytes, String message) {
        return jobs.enqueue(job, payloadBytes, message);
    }

    public Optional<Job> job(String id) {
        return jobs.job(id);
    }

    public Optional<Job> jobByNumber(long number) {
        return jobs.byNumber(number);
    }

    public List<Job> jobs(String workspace, String table, JobState state, Long beforeNumber, int limit) {
        return jobs.list(workspace, table, state, beforeNumber, limit);
    }

    /** See {@link JobQueue#page}. */
    public List<Job> jobsPage(String workspace, boolean ascending, long offset, int limit) {
        return jobs.page(workspace, ascending, offset, limit);
    }

    public long countJobs(String workspace) {
        return jobs.count(workspace);
    }

    public List<Job> claim(String owner, int max, Instant leaseUntil) {
        return jobs.claim(owner, max, leaseUntil);
    }

    public boolean renewLease(String jobId, String owner, Instant until) {
        return jobs.renewLease(jobId, owner, until);
    }

    /** A job whose node stopped under it, and what became of it: {@code queued} again, {@code failed} or {@code cancelled}. */
    public record Rescued(String id, JobState state) {}

    /** See {@link JobQueue#requeueExpired}. */
    public List<Rescued> requeueExpired(Instant now, int maxCrashes) {
        return jobs.requeueExpired(now, maxCrashes);
    }

    public List<String> cancelRequested(List<String> ids) {
        return jobs.cancelRequested(ids);
    }

    public boolean takePacingSlot(String workspace, String table, Instant now, Duration window) {
        return pacing.take(workspace, table, now, window);
    }

    public Instant pacingSlot(String workspace, String table) {
        return pacing.lastTaken(workspace, table);
    }

    public void givePacingSlotBack(String workspace, String table, Instant takenAt) {
        pacing.giveBack(workspace, table, takenAt);
    }

    public void requeue(String jobId, String owner, String message) {
        jobs.requeue(jobId, owner, message);
    }

    public void addEvent(String jobId, String state, String message) {
        jobs.addEvent(jobId, state, message);
    }

    /** See {@link JobQueue#finish}. */
    public boolean finish(String jobId, String owner, JobState state, String error, String message) {
        return jobs.finish(jobId, owner, state, error, message);
    }

    public boolean requestCancel(String jobId) {
        return jobs.requestCancel(jobId);
    }

    public void setCallback(String jobId, String state, String callbackJson) {
        callbacks.set(jobId, state, callbackJson);
    }

    public List<String> pendingCallbacks() {
        return callbacks.pending();
    }

    public List<ResultChunk> results(String jobId, long fromIndex, int maxChunks) {
        return results.from(jobId, fromIndex, maxChunks);
    }

    /** See {@link ResultLog#from(String, long, int, java.util.Set)}. */
    public List<ResultChunk> results(String jobId, long fromIndex, int maxChunks, java.util.Set<dev.freight.job.Outcome> wanted) {
        return results.from(jobId, fromIndex, maxChunks, wanted);
    }

    // ---------------------------------------------------------------- applying rows

    /**
     * Whether chunks of {@code table} can be planned outside the transaction that writes them,
     * while an earlier chunk is still being written: not when rows draw autonumbers, whose
     * counters live in the writing transaction.
     */
    public boolean canPlanAhead(Table table) {
        for (Column col : table.columns()) if (col.autonumber()) return false;
        return true;
    }

    /**
     * Plans a chunk on a connection of its own, outside any write: the stored rows of its keys
     * as committed now, overlaid with what {@code before} (planned earlier, possibly still being
     * written) leaves. Only for tables that {@link #canPlanAhead} allows.
     */
    public PlannedChunk plan(Table table, ApplyOptions options, List<MappedRow> rows, PlannedChunk before) {
        if (!canPlanAhead(table)) throw new IllegalStateException("table " + table.name() + " draws autonumbers");
        return db.read(c -> writer.plan(c, table, options, rows, col -> {
            throw new IllegalStateException("no autonumbers outside a transaction");
        }, before));
    }

    /** A page of the rows a filter matches, and how many match in all. */
    public record FilteredPage(List<Map<String, Object>> rows, long total) {}

    /** See {@link FilteredRows#page}. */
    public FilteredPage filteredPage(Table t, dev.freight.engine.Filter f, long offset, int limit, Visibility visibility) {
        return filtered.page(t, f, offset, limit, visibility);
    }

    /** Makes a filter-matched write in a transaction of its own: committed whole, or (rejected, failed) not at all. */
    public dev.freight.engine.FilteredWrite.Result writeFiltered(Table t, dev.freight.engine.FilteredWrite w) {
        return transaction(tx -> tx.writeFiltered(t, w));
    }

    /** Runs {@code work} in one transaction of the store (a chunk, or a whole atomic job). */
    public <T> T transaction(TxWork<T> work) {
        return db.write(c -> work.run(new Tx(c)));
    }

    /**
     * The same, committed without waiting for the disk ({@link Database#writeUnflushed}): for a
     * job's chunks before its last. A crash of the machine can lose the last few such commits
     * whole (rows, results and progress together), and the job then resumes before them, so
     * nothing is lost or applied twice; the job's last chunk commits durably, which makes every
     * earlier one durable too: a job seen completed is on disk.
     */
    public <T> T transactionUnflushed(TxWork<T> work) {
        return db.writeUnflushed(c -> work.run(new Tx(c)));
    }

    @FunctionalInterface
    public interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    /** What recording a chunk's progress found. */
    public enum Progress { RECORDED, CANCEL_REQUESTED, LEASE_LOST }

    /** What a worker does inside one transaction. */
    public final class Tx {
        private final Connection c;

        Tx(Connection c) {
            this.c = c;
        }

        /** Applies rows to the table; per-row outcomes come back, nothing is thrown for a bad row. */
        public ChunkResult apply(Table table, ApplyOptions options, List<MappedRow> rows) throws SQLException {
            Map<Integer, long[]> counters = new HashMap<>();
            ChunkPlanner.Autonumbers numbers = col -> counters.computeIfAbsent(col,
                    k -> new long[] {autonumbers.first(c, table, table.columns().get(k).name())})[0]++;
            ChunkResult r = writer.apply(c, table, options, rows, numbers);
            for (Map.Entry<Integer, long[]> e : counters.entrySet()) {
                autonumbers.set(c, table, table.columns().get(e.getKey()).name(), e.getValue()[0]);
            }
            return r;
        }

        /** See {@link FilteredRows#write}: its insert goes through {@link #apply}, as an import's would. */
        public dev.freight.engine.FilteredWrite.Result writeFiltered(Table t, dev.freight.engine.FilteredWrite w) throws SQLException {
            ApplyOptions insert = new ApplyOptions(dev.freight.job.ImportMode.INSERT, t.primaryKey(), new Object[t.columns().size()]);
            return filtered.write(c, t, w, row -> apply(t, insert, List.of(row)));
        }

        /** Writes a chunk planned by {@link Store#plan}; rows the database rejects turn to failed. */
        public ChunkResult write(PlannedChunk planned) throws SQLException {
            return writer.write(c, planned);
        }

        /** Restarts the table's autonumber counters from 1. */
        public void resetAutonumbers(Table table) throws SQLException {
            autonumbers.reset(c, table);
        }

        /** Deletes every row of the table (replace_all, inside the job's one transaction). */
        public void deleteAll(Table table) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.executeUpdate(new TableSql(dialect, table).deleteAll());
            }
        }

        public void recordResults(String jobId, ResultChunk chunk) throws SQLException {
            results.insert(c, jobId, chunk, null);
        }

        /** The same, with the results as encoded when the chunk was planned (null: encode now). */
        public void recordResults(String jobId, ResultChunk chunk, EncodedResults ahead) throws SQLException {
            results.insert(c, jobId, chunk, ahead);
        }

        /** Results encoded earlier ({@link ResultChunk#encode}), e.g. a dry run's, kept out of the transaction that planned them. */
        public void recordEncodedResults(String jobId, long firstIndex, int size, Instant committedAt, byte[] data)
                throws SQLException {
            results.insertEncoded(c, jobId, firstIndex, size, committedAt, data);
        }

        /**
         * Records the job's progress with the chunk: {@link Progress#LEASE_LOST} when this node no
         * longer holds the job (nothing recorded), {@link Progress#CANCEL_REQUESTED} when a cancel
         * was asked for (the caller must not commit).
         */
        public Progress progress(String jobId, String owner, Counts counts, long nextIndex) throws SQLException {
            return jobs.progress(c, jobId, owner, counts, nextIndex);
        }

        /** Ends the job with the chunk that completes it (one commit less); false when the lease is gone. */
        public boolean finish(String jobId, String owner, JobState state, String error, String message) throws SQLException {
            return jobs.finish(c, jobId, owner, state, error, message);
        }

        public void setRequested(String jobId, long requested) throws SQLException {
            jobs.setRequested(c, jobId, requested);
        }

        public void deleteResults(String jobId) throws SQLException {
            results.delete(c, jobId);
        }

        public boolean cancelRequested(String jobId) throws SQLException {
            return jobs.cancelRequested(c, jobId);
        }
    }
}
