package dev.freight.store;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.ingest.MappedRow;
import dev.freight.job.Counts;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.schema.Column;
import dev.freight.schema.Table;
import dev.freight.schema.TableKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one storage contract of Freight, over SQLite or PostgreSQL: users' tables (discovered
 * from the catalog, created, read, written chunk by chunk) and Freight's own metadata.
 * Callers never see SQL; they get records and outcomes. Long because it is the one facade of
 * the store package: every caller's operation is a short method here over Metadata and the writers.
 */
public final class Store implements AutoCloseable {
    static final int PAYLOAD_PIECE = 256 << 10;
    static final int PIECES_PER_COMMIT = 8;

    private final Database db;
    private final SqlDialect dialect;
    private final Catalog catalog;
    private final Metadata meta;
    private final TableWriter writer;
    private final Clock clock;
    private final CallbackSecrets callbackSecrets;
    private final FilteredRows filtered;

    private Store(Database db, SqlDialect dialect, Catalog catalog, TableWriter writer, Clock clock) {
        this.db = db;
        this.dialect = dialect;
        this.catalog = new UserCatalog(catalog, dialect); // Freight's own tables are never a user's
        this.meta = new Metadata(dialect);
        this.writer = writer;
        this.clock = clock;
        this.callbackSecrets = new CallbackSecrets(db, meta, dialect, clock);
        this.filtered = new FilteredRows(db, dialect, e -> TableWriter.databaseMessage(e));
    }

    /** Opens the database, creates or evolves Freight's tables, and makes sure {@code default} exists. */
    public static Store open(String jdbcUrl, int poolSize, Clock clock) {
        Database db = new Database(jdbcUrl, poolSize);
        Store store = switch (db.kind()) {
            case SQLITE -> {
                SqliteDialect d = new SqliteDialect();
                yield new Store(db, d, new SqliteCatalog(), new TableWriter(d), clock);
            }
            case POSTGRESQL -> {
                PostgresDialect d = new PostgresDialect();
                yield new Store(db, d, new PostgresCatalog(), new PostgresTableWriter(d), clock);
            }
        };
        try {
            db.migrate();
            store.ensureWorkspace("default");
            store.db.write(c -> meta(store).update(c, "orphanPayloads"));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return store;
    }

    private static Metadata meta(Store s) {
        return s.meta;
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

    /** The workspaces' callback signing secrets. */
    public CallbackSecrets callbackSecrets() {
        return callbackSecrets;
    }

    @Override
    public void close() {
        db.close();
    }

    // ---------------------------------------------------------------- workspaces, keys, groups

    /**
     * @throws IllegalArgumentException when this store cannot hold a workspace of that name
     * @throws StoreException.Conflict  when another workspace has the name in another case
     */
    public void ensureWorkspace(String name) {
        dialect.checkWorkspace(name);
        db.write(c -> {
            meta.ensureWorkspace(c, name, clock.instant());
            return null;
        });
    }

    public boolean workspaceExists(String name) {
        return db.read(c -> meta.exists(c, "workspaceExists", name));
    }

    /** Stores a key (creating its workspace when needed; see {@link #ensureWorkspace} for what it throws). */
    public void createKey(ApiKey key, String hash) {
        dialect.checkWorkspace(key.workspace());
        db.write(c -> {
            meta.ensureWorkspace(c, key.workspace(), clock.instant());
            meta.insertKey(c, key, hash);
            return null;
        });
    }

    public Optional<ApiKey> keyByHash(String hash) {
        return db.read(c -> meta.keyByHash(c, hash));
    }

    public boolean revokeKey(String workspace, String id) {
        return db.write(c -> meta.revokeKey(c, workspace, id, clock.instant()));
    }

    public long countKeys() {
        return db.read(meta::countKeys);
    }

    public void createGroup(String workspace, String name) {
        db.write(c -> {
            meta.insertGroup(c, workspace, name, clock.instant());
            return null;
        });
    }

    public boolean groupExists(String workspace, String name) {
        return db.read(c -> meta.exists(c, "groupExists", workspace, name));
    }

    // ---------------------------------------------------------------- tables

    public List<Table> tables(String workspace) {
        return db.write(c -> {
            List<Table> out = new ArrayList<>();
            for (String name : catalog.tableNames(c, workspace)) table(c, workspace, name).ifPresent(out::add);
            return out;
        });
    }

    /** The table as the catalog shows it now, with Freight's attributes; discovered tables get an id. */
    public Optional<Table> table(String workspace, String name) {
        return db.write(c -> table(c, workspace, name));
    }

    public Optional<Table> tableById(String workspace, String id) {
        Optional<String> name = db.read(c -> meta.tableNameById(c, workspace, id));
        return name.flatMap(n -> table(workspace, n));
    }

    /** What Freight cannot handle in a table (unsupported column types or names); empty when none. */
    public List<String> tableProblems(String workspace, String name) {
        return db.read(c -> catalog.describe(c, workspace, name).map(Catalog.PhysicalTable::problems).orElse(List.of()));
    }

    private Optional<Table> table(Connection c, String workspace, String name) throws SQLException {
        Optional<Catalog.PhysicalTable> physical = catalog.describe(c, workspace, name);
        Optional<Metadata.TableMeta> stored = meta.tableMeta(c, workspace, name);
        if (physical.isEmpty()) {
            if (stored.isPresent()) meta.deleteTableMeta(c, workspace, name); // dropped by another tool
            return Optional.empty();
        }
        Catalog.PhysicalTable p = physical.get();
        Metadata.TableMeta m = stored.orElse(null);
        if (m == null) {
            meta.discoverTableMeta(c, workspace, name, new Metadata.TableMeta(UUID.randomUUID().toString(),
                    Json.write(TableDefinition.discovered()), true, 1, clock.instant()));
            m = meta.tableMeta(c, workspace, name).orElseThrow(); // ours, or the one another node recorded first
        }
        TableDefinition def = Json.read(m.definition(), TableDefinition.class);
        Map<String, Column> attrs = new HashMap<>();
        for (Column col : def.columns()) attrs.put(col.name(), col);
        List<Column> columns = new ArrayList<>();
        for (Column col : p.columns()) {
            Column a = attrs.get(col.name());
            columns.add(a == null ? col : col.withAttributesOf(a));
        }
        return Optional.of(new Table(m.id(), workspace, name, columns, p.primaryKey(), p.uniqueKeys(), def.kind(),
                def.associations(), m.discovered(), m.version(), m.createdAt()));
    }

    /**
     * Creates the table in the database and records Freight's attributes; returns it as stored.
     *
     * @throws ReservedName             for a name the store keeps for itself
     * @throws StoreException.Conflict  when the name, in any case, is taken
     */
    public Table createTable(Table def) {
        String reserved = dialect.reservation(def.name());
        if (reserved != null) throw new ReservedName(def.name(), reserved);
        return db.write(c -> {
            Optional<String> clash = catalog.nameClash(c, def.workspace(), def.name());
            if (clash.isPresent()) throw new StoreException.Conflict(clash.get());
            meta.ensureWorkspace(c, def.workspace(), clock.instant());
            try (Statement s = c.createStatement()) {
                for (String ddl : createTableDdl(def)) s.execute(ddl);
            } catch (SQLException e) {
                // another node created it between the check and CREATE
                if ("42P07".equals(e.getSQLState())) throw new StoreException.Conflict("table " + def.name() + " already exists");
                throw e;
            }
            meta.deleteTableMeta(c, def.workspace(), def.name());
            meta.insertTableMeta(c, def.workspace(), def.name(), new Metadata.TableMeta(def.id(),
                    Json.write(new TableDefinition(def.columns(), def.kind(), def.associations())), false, 1, clock.instant()));
            return table(c, def.workspace(), def.name()).orElseThrow();
        });
    }

    List<String> createTableDdl(Table t) {
        List<String> ddl = new ArrayList<>(dialect.workspaceDdl(t.workspace()));
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(dialect.tableRef(t.workspace(), t.name())).append(" (");
        boolean first = true;
        for (Column col : t.columns()) {
            sb.append(first ? "" : ", ").append(dialect.quote(col.name())).append(' ').append(dialect.columnType(col));
            if (!col.nullable()) sb.append(" NOT NULL");
            if (col.defaultValue() != null) sb.append(" DEFAULT ").append(dialect.literal(col.type(), col.defaultValue()));
            first = false;
        }
        if (t.hasKey()) sb.append(", PRIMARY KEY (").append(quotedList(t.primaryKey())).append(')');
        for (List<String> u : t.uniqueKeys()) sb.append(", UNIQUE (").append(quotedList(u)).append(')');
        sb.append(')');
        ddl.add(sb.toString());
        return ddl;
    }

    private String quotedList(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(sb.isEmpty() ? "" : ", ").append(dialect.quote(n));
        return sb.toString();
    }

    /** Drops the table; false when it did not exist. */
    public boolean dropTable(String workspace, String name) {
        return db.write(c -> {
            if (catalog.describe(c, workspace, name).isEmpty()) return false;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + dialect.tableRef(workspace, name));
            }
            meta.deleteTableMeta(c, workspace, name);
            return true;
        });
    }

    /** The attributes Freight keeps for a table beside the catalog (stored as JSON). */
    public record TableDefinition(List<Column> columns, TableKind kind, List<String> associations) {
        public TableDefinition {
            columns = columns == null ? List.of() : columns;
            associations = associations == null ? List.of() : associations;
        }

        static TableDefinition discovered() {
            return new TableDefinition(List.of(), TableKind.TABLE, List.of());
        }
    }

    // ---------------------------------------------------------------- records

    /** One page of rows in key order, and the cursor of the next page (null at the end). */
    public record RecordPage(List<Map<String, Object>> rows, String next) {}

    /**
     * Reads rows in key order (keyless tables: insertion order), as {@code visibility} lets its
     * key read them. {@code after} is the cursor of the previous page.
     */
    public RecordPage records(Table t, int limit, String after, Visibility visibility) {
        return db.read(c -> {
            List<Column> visible = visibility.columns(t);
            List<String> order = t.hasKey() ? t.primaryKey() : List.of();
            StringBuilder q = new StringBuilder("SELECT ");
            for (int i = 0; i < visible.size(); i++) q.append(i == 0 ? "" : ", ").append(dialect.quote(visible.get(i).name()));
            for (String k : order) q.append(", ").append(dialect.quote(k));
            q.append(" FROM ").append(dialect.tableRef(t.workspace(), t.name())).append(" WHERE 1 = 1");
            List<Object[]> binds = new ArrayList<>(); // {type, value}
            long offset = 0;
            if (after != null && !after.isEmpty()) {
                Cursor cur = Cursor.decode(after);
                if (order.isEmpty()) {
                    offset = cur.offset();
                } else {
                    q.append(" AND (").append(quotedList(order)).append(") > (").append("?, ".repeat(order.size() - 1)).append("?)");
                    for (int i = 0; i < order.size(); i++) {
                        Column kc = t.column(order.get(i)).orElseThrow();
                        binds.add(new Object[] {kc, cur.key().get(i)});
                    }
                }
            }
            Optional<Column> groupCol = visibility.groupColumn(t);
            if (groupCol.isPresent()) { // Visibility#readsGroup in SQL
                List<String> groups = visibility.groups();
                String g = dialect.quote(groupCol.get().name());
                q.append(" AND (").append(g).append(" IS NULL OR ").append(g).append(" = '' OR ").append(g).append(" IN (")
                        .append("?, ".repeat(groups.size() - 1)).append("?))");
                for (String name : groups) binds.add(new Object[] {Column.of("g", dev.freight.schema.ColumnType.TEXT), name});
            }
            if (!order.isEmpty()) q.append(" ORDER BY ").append(quotedList(order));
            else q.append(" ORDER BY ").append(dialect.physicalOrder()); // keyless: offset pages need a stable order
            q.append(" LIMIT ").append(limit + 1);
            if (offset > 0) q.append(" OFFSET ").append(offset);
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Object> lastKey = null;
            boolean more = false;
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                for (int i = 0; i < binds.size(); i++) {
                    Column bc = (Column) binds.get(i)[0];
                    dialect.bind(ps, i + 1, bc.type(), coerceKeyPart(bc, binds.get(i)[1]));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rows.size() == limit) {
                            more = true;
                            break;
                        }
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 0; i < visible.size(); i++) row.put(visible.get(i).name(), dialect.read(rs, i + 1, visible.get(i)));
                        rows.add(row);
                        lastKey = new ArrayList<>();
                        for (int i = 0; i < order.size(); i++) {
                            lastKey.add(Values.text(dialect.read(rs, visible.size() + i + 1, t.column(order.get(i)).orElseThrow())));
                        }
                    }
                }
            }
            String next = !more ? null : order.isEmpty() ? new Cursor(null, offset + rows.size()).encode()
                    : new Cursor(lastKey, 0).encode();
            return new RecordPage(rows, next);
        });
    }

    private static Object coerceKeyPart(Column c, Object text) {
        if (text == null) return null;
        String s = text.toString();
        return switch (c.type()) {
            case INTEGER -> Long.valueOf(s);
            case DECIMAL -> new java.math.BigDecimal(s);
            case BOOLEAN -> Boolean.valueOf(s);
            case UUID -> UUID.fromString(s);
            default -> s;
        };
    }

    /** An opaque page cursor: the last key's values as text, or an offset for keyless tables. */
    record Cursor(List<Object> key, long offset) {
        String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(this).getBytes());
        }

        static Cursor decode(String s) {
            try {
                return Json.read(new String(java.util.Base64.getUrlDecoder().decode(s)), Cursor.class);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'after' is not a cursor this API returned");
            }
        }
    }

    // ---------------------------------------------------------------- payloads

    /**
     * A stream that stores a request body in pieces, several per transaction. Each transaction
     * runs on a thread of its own while the next pieces are read from the client, one at a time:
     * the body is received and written at the same time, with at most two batches in memory.
     * {@link OutputStream#close} returns once every piece is committed, or throws why not.
     */
    public OutputStream payloadSink(String jobId) {
        return new OutputStream() {
            // pieces stay under half a G1 region (no humongous arrays on a small heap, here or when
            // read back); several go in one transaction so that a large body costs few commits
            private final List<byte[]> ready = new ArrayList<>(PIECES_PER_COMMIT);
            private byte[] buf = new byte[PAYLOAD_PIECE];
            private int len;
            private int seq;
            private Thread committing; // the batch being written, if any
            private boolean broken;
            private final java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();

            @Override
            public void write(int b) {
                if (len == buf.length) endPiece();
                buf[len++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int n) {
                while (n > 0) {
                    if (len == buf.length) endPiece();
                    int k = Math.min(n, buf.length - len);
                    System.arraycopy(b, off, buf, len, k);
                    len += k;
                    off += k;
                    n -= k;
                }
            }

            private void endPiece() {
                ready.add(len == buf.length ? buf : java.util.Arrays.copyOf(buf, len));
                buf = new byte[PAYLOAD_PIECE];
                len = 0;
                if (ready.size() == PIECES_PER_COMMIT) commit();
            }

            /** Starts writing the ready pieces once the previous batch is committed. */
            private void commit() {
                awaitCommitted();
                int first = seq;
                List<byte[]> pieces = List.copyOf(ready);
                seq += pieces.size();
                ready.clear();
                committing = Thread.ofVirtual().name("freight-spool-" + jobId).start(() -> {
                    try {
                        db.write(c -> {
                            for (int i = 0; i < pieces.size(); i++) {
                                meta.insertPayloadPiece(c, jobId, first + i, pieces.get(i), pieces.get(i).length);
                            }
                            return null;
                        });
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                });
            }

            private void awaitCommitted() {
                if (committing != null) {
                    try {
                        committing.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreException("interrupted while storing the body", e);
                    }
                    committing = null;
                }
                RuntimeException e = failure.getAndSet(null);
                if (e != null) {
                    broken = true;
                    throw e;
                }
            }

            @Override
            public void close() {
                // after a failed write, closing adds nothing (and must not throw that failure again)
                if (broken) return;
                if (len > 0 || (seq == 0 && ready.isEmpty())) endPiece();
                if (!ready.isEmpty()) commit();
                awaitCommitted();
            }
        };
    }

    /** Reads a stored body back piece by piece. */
    public InputStream payload(String jobId) {
        return new InputStream() {
            private byte[] piece = new byte[0];
            private int pos;
            private int seq;
            private boolean end;

            private boolean fill() {
                while (!end && pos >= piece.length) {
                    int s = seq++;
                    byte[] next = db.read(c -> meta.payloadPiece(c, jobId, s));
                    if (next == null) end = true;
                    else {
                        piece = next;
                        pos = 0;
                    }
                }
                return !end || pos < piece.length;
            }

            @Override
            public int read() {
                if (!fill()) return -1;
                return piece[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int n) throws IOException {
                if (n == 0) return 0;
                if (!fill()) return -1;
                int k = Math.min(n, piece.length - pos);
                System.arraycopy(piece, pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }

    /** Forgets a body that will not become a job (rejected after it was stored). */
    public void discardPayload(String jobId) {
        db.write(c -> meta.update(c, "deletePayload", jobId));
    }

    // ---------------------------------------------------------------- jobs

    /** Makes a stored body a queued job: numbered, with its first event, in one transaction. */
    public Job enqueue(Job job, long payloadBytes, String message) {
        return db.write(c -> {
            meta.enqueueLock(c, job.workspace(), job.table());
            long number = meta.nextJobNumber(c);
            Job numbered = new Job(job.id(), number, job.workspace(), job.table(), job.mode(), job.spec(), JobState.QUEUED,
                    job.name(), job.ref(), Counts.ZERO, 0, false, job.createdAt(), null, null, null, null, List.of());
            meta.insertJob(c, numbered, payloadBytes);
            meta.insertEvent(c, job.id(), "queued", message, job.createdAt());
            return meta.job(c, job.id()).orElseThrow();
        });
    }

    public Optional<Job> job(String id) {
        return db.snapshot(c -> meta.job(c, id));
    }

    public Optional<Job> jobByNumber(long number) {
        return db.snapshot(c -> meta.jobByNumber(c, number));
    }

    public List<Job> jobs(String workspace, String table, JobState state, Long beforeNumber, int limit) {
        return db.snapshot(c -> meta.listJobs(c, workspace, table, state, beforeNumber, limit));
    }

    /** Claims the next runnable jobs (one per table, in submission order) for {@code owner}. */
    public List<Job> claim(String owner, int max, Instant leaseUntil) {
        return db.write(c -> {
            List<Job> claimed = new ArrayList<>();
            for (String id : meta.claimable(c, max)) {
                if (meta.claim(c, id, owner, leaseUntil, clock.instant())) {
                    meta.insertEvent(c, id, "running", "started on " + owner, clock.instant());
                    claimed.add(meta.job(c, id).orElseThrow());
                }
            }
            return claimed;
        });
    }

    public boolean renewLease(String jobId, String owner, Instant until) {
        return db.write(c -> meta.renewLease(c, jobId, owner, until));
    }

    /** A job whose node stopped under it, and what became of it: {@code queued} again, {@code failed} or {@code cancelled}. */
    public record Rescued(String id, JobState state) {}

    /**
     * Rescues every running job whose lease lapsed (its node died, or hung): each counts a crash
     * and returns to the queue, or ends {@code failed} at its {@code maxCrashes}-th crash (a
     * poison job: it would take the next node down too), or {@code cancelled} when a cancel was
     * asked for meanwhile. One transaction: no two nodes rescue the same job.
     */
    public List<Rescued> requeueExpired(Instant now, int maxCrashes) {
        return db.write(c -> {
            List<Rescued> out = new ArrayList<>();
            for (Metadata.Lapsed j : meta.requeueExpired(c, now)) {
                if (j.cancelRequested()) {
                    finish(c, j.id(), null, JobState.CANCELLED, null, "cancelled while its node was down");
                    out.add(new Rescued(j.id(), JobState.CANCELLED));
                } else if (j.crashes() >= maxCrashes) {
                    String message = "stopped after " + j.crashes() + " crashes: its node stopped while running it "
                            + j.crashes() + " times (the limit); the rows of its committed chunks stay applied";
                    finish(c, j.id(), null, JobState.FAILED, message, message);
                    out.add(new Rescued(j.id(), JobState.FAILED));
                } else {
                    meta.insertEvent(c, j.id(), "queued", "lease expired: the job returns to the queue and resumes after its "
                            + "last committed chunk (crash " + j.crashes() + " of at most " + maxCrashes + ")", now);
                    out.add(new Rescued(j.id(), JobState.QUEUED));
                }
            }
            return out;
        });
    }

    /** Which of the jobs {@code ids} are running with a cancel request (one query for all). */
    public List<String> cancelRequested(List<String> ids) {
        return db.read(c -> meta.cancelRequested(c, ids));
    }

    /**
     * Takes a table's D·engage pacing slot: true when it was free (not taken within {@code window}
     * before {@code now}); atomic in the database, so the rule holds across every node.
     */
    public boolean takePacingSlot(String workspace, String table, Instant now, java.time.Duration window) {
        long at = now.toEpochMilli();
        return db.write(c -> meta.takePacingSlot(c, workspace, table, at, at - window.toMillis()));
    }

    /** When the table's pacing slot was last taken; null when never. */
    public Instant pacingSlot(String workspace, String table) {
        Long at = db.read(c -> meta.pacingSlot(c, workspace, table));
        return at == null ? null : Instant.ofEpochMilli(at);
    }

    /** Frees the slot taken at {@code takenAt} (the call that took it was refused after all); a later take stays. */
    public void givePacingSlotBack(String workspace, String table, Instant takenAt) {
        db.write(c -> {
            meta.givePacingSlotBack(c, workspace, table, takenAt.toEpochMilli());
            return null;
        });
    }

    /** Gives a running job back to the queue (this node stops); it resumes after its last chunk. */
    public void requeue(String jobId, String owner, String message) {
        db.write(c -> {
            if (meta.update(c, "requeue", jobId, owner) == 1) meta.insertEvent(c, jobId, "queued", message, clock.instant());
            return null;
        });
    }

    public void addEvent(String jobId, String state, String message) {
        db.write(c -> {
            meta.insertEvent(c, jobId, state, message, clock.instant());
            return null;
        });
    }

    /**
     * Ends a job in a final state: a queued one (owner null), or a running one whose lease
     * {@code owner} holds. False when it had already ended or another claim holds it.
     */
    public boolean finish(String jobId, String owner, JobState state, String error, String message) {
        return db.write(c -> finish(c, jobId, owner, state, error, message));
    }

    private boolean finish(Connection c, String jobId, String owner, JobState state, String error, String message)
            throws SQLException {
        boolean done = meta.finish(c, jobId, owner, state, error, clock.instant());
        // a callback is owed from the moment the job ends, so that a restart still delivers it
        if (done && meta.job(c, jobId).map(j -> j.spec().callbackUrl() != null).orElse(false)) {
            meta.update(c, "callbackDue", jobId);
        }
        if (done) meta.insertEvent(c, jobId, state.wireName(), message, clock.instant());
        return done;
    }

    public boolean requestCancel(String jobId) {
        return db.write(c -> meta.update(c, "requestCancel", jobId) == 1);
    }

    /** Records where a job's callback delivery stands ({@code state}) and its detail (JSON). */
    public void setCallback(String jobId, String state, String callbackJson) {
        db.write(c -> meta.update(c, "setCallback", callbackJson, state, jobId));
    }

    /** Jobs whose callback is owed (not yet delivered, given up or refused), oldest first. */
    public List<String> pendingCallbacks() {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(meta.sql("pendingCallbacks")); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        });
    }

    public List<ResultChunk> results(String jobId, long fromIndex, int maxChunks) {
        return db.read(c -> meta.resultsFrom(c, jobId, fromIndex, maxChunks));
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

    @FunctionalInterface
    public interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    /** What a worker does inside one transaction. */
    public final class Tx {
        private final Connection c;

        Tx(Connection c) {
            this.c = c;
        }

        /**
         * Lets this transaction's commit return before PostgreSQL has flushed it to disk
         * ({@code synchronous_commit} off, for this transaction only). For a job's chunks before
         * its last: a crash of the database can lose the last few such commits whole (rows,
         * results and progress together), and the job then resumes before them, so nothing is
         * lost or applied twice. The job's last transaction commits normally, which flushes every
         * earlier one: a job seen completed is on disk. SQLite: nothing changes.
         */
        public void commitWithoutWaitingForDisk() throws SQLException {
            if (kind() != StoreKind.POSTGRESQL) return;
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }

        /** Applies rows to the table; per-row outcomes come back, nothing is thrown for a bad row. */
        public ChunkResult apply(Table table, ApplyOptions options, List<MappedRow> rows) throws SQLException {
            Map<Integer, long[]> counters = new HashMap<>();
            ChunkPlanner.Autonumbers numbers = col -> counters.computeIfAbsent(col, k -> new long[] {firstAutonumber(table, k)})[0]++;
            ChunkResult r = writer.apply(c, table, options, rows, numbers);
            for (Map.Entry<Integer, long[]> e : counters.entrySet()) {
                meta.setAutonumber(c, table.workspace(), table.name(), table.columns().get(e.getKey()).name(), e.getValue()[0]);
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

        private long firstAutonumber(Table table, int col) {
            String name = table.columns().get(col).name();
            try {
                Optional<Long> next = meta.autonumber(c, table.workspace(), table.name(), name);
                if (next.isPresent()) return next.get();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT MAX(" + dialect.quote(name) + ") FROM "
                             + dialect.tableRef(table.workspace(), table.name()))) {
                    rs.next();
                    return rs.getLong(1) + 1;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot draw autonumber for " + name + ": " + StoreException.describe(e), e);
            }
        }

        /** Restarts the table's autonumber counters from 1. */
        public void resetAutonumbers(Table table) throws SQLException {
            for (Column col : table.columns()) {
                if (col.autonumber()) meta.setAutonumber(c, table.workspace(), table.name(), col.name(), 1);
            }
        }

        /** Deletes every row of the table (replace_all, inside the job's one transaction). */
        public void deleteAll(Table table) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + dialect.tableRef(table.workspace(), table.name()));
            }
        }

        public void recordResults(String jobId, ResultChunk chunk) throws SQLException {
            meta.insertResults(c, jobId, chunk);
        }

        /** The same, with the results as encoded when the chunk was planned (null: encode now). */
        public void recordResults(String jobId, ResultChunk chunk, EncodedResults ahead) throws SQLException {
            meta.insertResults(c, jobId, chunk, ahead);
        }

        /** Commits the job's progress with the chunk; false when this node no longer holds the lease. */
        public boolean progress(String jobId, String owner, Counts counts, long nextIndex) throws SQLException {
            return meta.progress(c, jobId, owner, counts, nextIndex);
        }

        /** Ends the job with the chunk that completes it (one commit less); false when the lease is gone. */
        public boolean finish(String jobId, String owner, JobState state, String error, String message) throws SQLException {
            return Store.this.finish(c, jobId, owner, state, error, message);
        }

        public void setRequested(String jobId, long requested) throws SQLException {
            meta.setRequested(c, jobId, requested);
        }

        public void deleteResults(String jobId) throws SQLException {
            meta.update(c, "deleteResults", jobId);
        }

        public boolean cancelRequested(String jobId) throws SQLException {
            return meta.cancelRequested(c, jobId); // once per chunk: one column, not the job and its events
        }
    }
}
