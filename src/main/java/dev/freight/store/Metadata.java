package dev.freight.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.auth.Role;
import dev.freight.job.Counts;
import dev.freight.job.ImportMode;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.job.JobEvent;
import dev.freight.job.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Freight's own rows: workspaces, keys, groups, table attributes, jobs, payloads, results. Long
 * because each statement's binding is a small method of its own, all of them kept together.
 */
final class Metadata {
    private final SqlDialect dialect;
    private final Statements sql;

    Metadata(SqlDialect dialect) {
        this.dialect = dialect;
        this.sql = new Statements(dialect);
    }

    String sql(String name) {
        return sql.get(name);
    }

    // --- workspaces, keys, groups ---

    /**
     * Creates the workspace unless it exists. A name that differs from an existing workspace's
     * only in case is refused: SQLite would fold their tables together, and on every store two
     * such workspaces would be one to a person reading them.
     */
    void ensureWorkspace(Connection c, String name, Instant now) throws SQLException {
        String other = null;
        try (PreparedStatement ps = c.prepareStatement(sql("workspacesNamed"))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals(name)) return;
                    other = rs.getString(1);
                }
            }
        }
        if (other != null) {
            throw new StoreException.Conflict("workspace " + name + " cannot be created: workspace " + other
                    + " exists, and names that differ only in case are one name");
        }
        try (PreparedStatement ps = c.prepareStatement(sql("insertWorkspace"))) {
            ps.setString(1, name);
            dialect.bindInstant(ps, 2, now);
            ps.executeUpdate();
        }
    }

    boolean exists(Connection c, String statement, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(statement))) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void insertKey(Connection c, ApiKey key, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("insertKey"))) {
            ps.setString(1, key.id());
            ps.setString(2, key.workspace());
            ps.setString(3, key.role().wireName());
            ps.setString(4, key.name());
            ps.setString(5, hash);
            ps.setString(6, Json.write(key.groups()));
            dialect.bindInstant(ps, 7, key.createdAt());
            ps.executeUpdate();
        }
    }

    Optional<ApiKey> keyByHash(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("keyByHash"))) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                List<String> groups = Json.MAPPER.convertValue(
                        Json.read(rs.getString("groups"), List.class), new TypeReference<List<String>>() {});
                return Optional.of(new ApiKey(rs.getString("id"), rs.getString("workspace"),
                        Role.fromWire(rs.getString("role")), rs.getString("name"), groups,
                        dialect.readInstant(rs, "created_at")));
            }
        }
    }

    /** Revokes key {@code id} of {@code workspace}, or of any workspace when it is null. */
    boolean revokeKey(Connection c, String workspace, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(workspace == null ? "revokeAnyKey" : "revokeKey"))) {
            dialect.bindInstant(ps, 1, now);
            ps.setString(2, id);
            if (workspace != null) ps.setString(3, workspace);
            return ps.executeUpdate() == 1;
        }
    }

    long countKeys(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("countKeys")); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void insertGroup(Connection c, String workspace, String name, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("insertGroup"))) {
            ps.setString(1, workspace);
            ps.setString(2, name);
            dialect.bindInstant(ps, 3, now);
            ps.executeUpdate();
        }
    }

    // --- table attributes ---

    record TableMeta(String id, String definition, boolean discovered, long version, Instant createdAt) {}

    Optional<TableMeta> tableMeta(Connection c, String workspace, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("tableMeta"))) {
            ps.setString(1, workspace);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new TableMeta(rs.getString("id"), rs.getString("definition"),
                        rs.getInt("discovered") != 0, rs.getLong("version"), dialect.readInstant(rs, "created_at")));
            }
        }
    }

    Optional<String> tableNameById(Connection c, String workspace, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("tableNameById"))) {
            ps.setString(1, workspace);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void insertTableMeta(Connection c, String workspace, String name, TableMeta m) throws SQLException {
        insertTableMeta(c, "insertTableMeta", workspace, name, m);
    }

    /** Records a discovered table's attributes unless another node just did. */
    void discoverTableMeta(Connection c, String workspace, String name, TableMeta m) throws SQLException {
        insertTableMeta(c, "discoverTableMeta", workspace, name, m);
    }

    private void insertTableMeta(Connection c, String statement, String workspace, String name, TableMeta m)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(statement))) {
            ps.setString(1, m.id());
            ps.setString(2, workspace);
            ps.setString(3, name);
            ps.setString(4, m.definition());
            ps.setInt(5, m.discovered() ? 1 : 0);
            ps.setLong(6, m.version());
            dialect.bindInstant(ps, 7, m.createdAt());
            ps.executeUpdate();
        }
    }

    void deleteTableMeta(Connection c, String workspace, String name) throws SQLException {
        update(c, "deleteTableMeta", workspace, name);
        update(c, "deleteAutonumbers", workspace, name);
    }

    // --- autonumbers ---

    Optional<Long> autonumber(Connection c, String workspace, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("autonumber"))) {
            ps.setString(1, workspace);
            ps.setString(2, table);
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    void setAutonumber(Connection c, String workspace, String table, String column, long next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("setAutonumber"))) {
            ps.setString(1, workspace);
            ps.setString(2, table);
            ps.setString(3, column);
            ps.setLong(4, next);
            ps.executeUpdate();
        }
    }

    // --- jobs ---

    long nextJobNumber(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("nextJobNumber")); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Held until commit: one table's jobs get their numbers in commit order. */
    void enqueueLock(Connection c, String workspace, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("enqueueLock"))) {
            ps.setString(1, workspace);
            ps.setString(2, table);
            ps.executeQuery().close();
        }
    }

    void insertJob(Connection c, Job j, long payloadBytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("insertJob"))) {
            ps.setString(1, j.id());
            ps.setLong(2, j.number());
            ps.setString(3, j.workspace());
            ps.setString(4, j.table());
            ps.setString(5, j.mode().wireName());
            ps.setString(6, Json.write(j.spec()));
            ps.setString(7, j.name());
            ps.setString(8, j.ref());
            ps.setLong(9, payloadBytes);
            dialect.bindInstant(ps, 10, j.createdAt());
            ps.executeUpdate();
        }
    }

    void insertEvent(Connection c, String jobId, String state, String message, Instant time) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("insertEvent"))) {
            ps.setString(1, jobId);
            ps.setString(2, jobId);
            ps.setString(3, state);
            ps.setString(4, message);
            dialect.bindInstant(ps, 5, time);
            ps.executeUpdate();
        }
    }

    Optional<Job> job(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("jobById"))) {
            ps.setString(1, id);
            return firstJob(c, ps);
        }
    }

    Optional<Job> jobByNumber(Connection c, long number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("jobByNumber"))) {
            ps.setLong(1, number);
            return firstJob(c, ps);
        }
    }

    private Optional<Job> firstJob(Connection c, PreparedStatement ps) throws SQLException {
        Job j;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            j = jobRow(rs, List.of());
        }
        return Optional.of(withEvents(c, j));
    }

    Job withEvents(Connection c, Job j) throws SQLException {
        List<JobEvent> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("events"))) {
            ps.setString(1, j.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new JobEvent(rs.getString("state"), rs.getString("message"), dialect.readInstant(rs, "time")));
                }
            }
        }
        return new Job(j.id(), j.number(), j.workspace(), j.table(), j.mode(), j.spec(), j.state(), j.name(), j.ref(),
                j.counts(), j.nextIndex(), j.cancelRequested(), j.createdAt(), j.startedAt(), j.finishedAt(), j.error(),
                j.callback(), events);
    }

    Job jobRow(ResultSet rs, List<JobEvent> events) throws SQLException {
        long requested = rs.getLong("requested");
        Long req = rs.wasNull() ? null : requested;
        Counts counts = new Counts(req, rs.getLong("processed"), rs.getLong("inserted"), rs.getLong("updated"),
                rs.getLong("unchanged"), rs.getLong("ignored"), rs.getLong("deleted"), rs.getLong("failed"));
        return new Job(rs.getString("id"), rs.getLong("number"), rs.getString("workspace"), rs.getString("table_name"),
                ImportMode.fromWire(rs.getString("mode")), Json.read(rs.getString("spec"), ImportSpec.class),
                JobState.fromWire(rs.getString("state")), rs.getString("name"), rs.getString("ref"), counts,
                rs.getLong("next_index"), rs.getInt("cancel_requested") != 0, dialect.readInstant(rs, "created_at"),
                dialect.readInstant(rs, "started_at"), dialect.readInstant(rs, "finished_at"), rs.getString("error"),
                rs.getString("callback"), events);
    }

    /** Jobs newest first; filters may be null; {@code beforeNumber} pages. */
    List<Job> listJobs(Connection c, String workspace, String table, JobState state, Long beforeNumber, int limit)
            throws SQLException {
        StringBuilder q = new StringBuilder("SELECT * FROM " + dialect.metaTable("jobs") + " WHERE workspace = ?");
        List<Object> args = new ArrayList<>(List.of(workspace));
        if (table != null) {
            q.append(" AND table_name = ?");
            args.add(table);
        }
        if (state != null) {
            q.append(" AND state = ?");
            args.add(state.wireName());
        }
        if (beforeNumber != null) {
            q.append(" AND number < ?");
            args.add(beforeNumber);
        }
        q.append(" ORDER BY number DESC LIMIT ?");
        args.add(limit);
        List<Job> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(jobRow(rs, List.of()));
            }
        }
        List<Job> withEvents = new ArrayList<>(out.size());
        for (Job j : out) withEvents.add(withEvents(c, j));
        return withEvents;
    }

    /** A workspace's jobs by number, ascending or descending, after skipping {@code offset}. */
    List<Job> jobsPage(Connection c, String workspace, boolean ascending, long offset, int limit) throws SQLException {
        List<Job> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + dialect.metaTable("jobs") + " WHERE workspace = ? ORDER BY number "
                + (ascending ? "ASC" : "DESC") + " LIMIT ? OFFSET ?")) {
            ps.setString(1, workspace);
            ps.setInt(2, limit);
            ps.setLong(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(jobRow(rs, List.of()));
            }
        }
        List<Job> withEvents = new ArrayList<>(out.size());
        for (Job j : out) withEvents.add(withEvents(c, j));
        return withEvents;
    }

    long countJobs(Connection c, String workspace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + dialect.metaTable("jobs") + " WHERE workspace = ?")) {
            ps.setString(1, workspace);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<String> claimable(Connection c, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("claimable"))) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    boolean claim(Connection c, String id, String owner, Instant leaseUntil, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("claim"))) {
            ps.setString(1, owner);
            dialect.bindInstant(ps, 2, leaseUntil);
            dialect.bindInstant(ps, 3, now);
            ps.setString(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    boolean cancelRequested(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("cancelRequested"))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) != 0;
            }
        }
    }

    boolean renewLease(Connection c, String id, String owner, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("renewLease"))) {
            dialect.bindInstant(ps, 1, until);
            ps.setString(2, id);
            ps.setString(3, owner);
            return ps.executeUpdate() == 1;
        }
    }

    /** A job whose lease lapsed, back in the queue: how many crashes it has seen, and whether it was cancelled. */
    record Lapsed(String id, int crashes, boolean cancelRequested) {}

    /** Returns running jobs whose lease lapsed to the queue, counting a crash for each. */
    List<Lapsed> requeueExpired(Connection c, Instant now) throws SQLException {
        List<Lapsed> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("requeueExpired"))) {
            dialect.bindInstant(ps, 1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Lapsed(rs.getString(1), rs.getInt(2), rs.getInt(3) != 0));
            }
        }
        return out;
    }

    /** Which of {@code ids} are running with a cancel request. */
    List<String> cancelRequested(Connection c, List<String> ids) throws SQLException {
        List<String> out = new ArrayList<>();
        if (ids.isEmpty()) return out;
        String q = "SELECT id FROM " + dialect.metaTable("jobs") + " WHERE cancel_requested = 1 AND state = 'running' AND id IN ("
                + "?, ".repeat(ids.size() - 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(q)) {
            for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Takes a D·engage pacing slot taken before {@code freeBefore}; false when it is taken since. */
    boolean takePacingSlot(Connection c, String workspace, String table, long now, long freeBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("takePacingSlot"))) {
            ps.setString(1, workspace);
            ps.setString(2, table);
            ps.setLong(3, now);
            ps.setLong(4, freeBefore);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** When the table's D·engage slot was last taken (epoch ms), or null. */
    Long pacingSlot(Connection c, String workspace, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("pacingSlot"))) {
            ps.setString(1, workspace);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    void givePacingSlotBack(Connection c, String workspace, String table, long takenAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("givePacingSlotBack"))) {
            ps.setString(1, workspace);
            ps.setString(2, table);
            ps.setLong(3, takenAt);
            ps.executeUpdate();
        }
    }

    boolean progress(Connection c, String id, String owner, Counts k, long nextIndex) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("progress"))) {
            ps.setLong(1, k.processed());
            ps.setLong(2, k.inserted());
            ps.setLong(3, k.updated());
            ps.setLong(4, k.unchanged());
            ps.setLong(5, k.ignored());
            ps.setLong(6, k.deleted());
            ps.setLong(7, k.failed());
            ps.setLong(8, nextIndex);
            ps.setString(9, id);
            ps.setString(10, owner);
            return ps.executeUpdate() == 1;
        }
    }

    void setRequested(Connection c, String id, long requested) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("setRequested"))) {
            ps.setLong(1, requested);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    boolean finish(Connection c, String id, String owner, JobState state, String error, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("finish"))) {
            ps.setString(1, state.wireName());
            ps.setString(2, error);
            dialect.bindInstant(ps, 3, now);
            ps.setString(4, id);
            ps.setString(5, owner);
            return ps.executeUpdate() == 1;
        }
    }

    // --- payloads and results ---

    void insertPayloadPiece(Connection c, String jobId, int seq, byte[] data, int len) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("insertPayload"))) {
            ps.setString(1, jobId);
            ps.setInt(2, seq);
            ps.setBytes(3, len == data.length ? data : java.util.Arrays.copyOf(data, len));
            ps.executeUpdate();
        }
    }

    byte[] payloadPiece(Connection c, String jobId, int seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("payloadPiece"))) {
            ps.setString(1, jobId);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    void insertResults(Connection c, String jobId, ResultChunk chunk) throws SQLException {
        insertResults(c, jobId, chunk, null);
    }

    /** {@code ahead}: the results encoded while planning, used when they still hold (may be null). */
    void insertResults(Connection c, String jobId, ResultChunk chunk, EncodedResults ahead) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("insertResults"))) {
            ps.setString(1, jobId);
            ps.setLong(2, chunk.firstIndex());
            ps.setInt(3, chunk.size());
            dialect.bindInstant(ps, 4, chunk.committedAt());
            ps.setBytes(5, ahead != null ? ahead.bytesFor(chunk) : chunk.encode());
            ps.executeUpdate();
        }
    }

    List<ResultChunk> resultsFrom(Connection c, String jobId, long fromIndex, int maxChunks) throws SQLException {
        List<ResultChunk> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("resultsFrom"))) {
            ps.setString(1, jobId);
            ps.setLong(2, fromIndex);
            ps.setInt(3, maxChunks);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(ResultChunk.decode(rs.getLong("first_index"), dialect.readInstant(rs, "committed_at"),
                            rs.getBytes("data")));
                }
            }
        }
        return out;
    }

    int update(Connection c, String statement, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(statement))) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Instant t) dialect.bindInstant(ps, i + 1, t);
                else ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
