package dev.freight.store;

import dev.freight.Json;
import dev.freight.job.Counts;
import dev.freight.job.ImportMode;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.job.JobEvent;
import dev.freight.job.JobState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Jobs' rows and their events in Freight's tables: written, and read back as {@link Job}s. */
final class JobRows {
    private final Queries q;

    JobRows(Queries q) {
        this.q = q;
    }

    void insert(Connection c, Job j, long payloadBytes) throws SQLException {
        q.update(c, "insertJob", j.id(), j.number(), j.workspace(), j.table(), j.mode().wireName(), Json.write(j.spec()),
                j.name(), j.ref(), payloadBytes, j.createdAt());
    }

    void insertEvent(Connection c, String jobId, String state, String message, Instant time) throws SQLException {
        q.update(c, "insertEvent", jobId, jobId, state, message, time);
    }

    Optional<Job> byId(Connection c, String id) throws SQLException {
        Optional<Job> j = q.one(c, "jobById", this::job, id);
        return j.isEmpty() ? j : Optional.of(withEvents(c, j.get()));
    }

    Optional<Job> byNumber(Connection c, long number) throws SQLException {
        Optional<Job> j = q.one(c, "jobByNumber", this::job, number);
        return j.isEmpty() ? j : Optional.of(withEvents(c, j.get()));
    }

    /** Jobs newest first; filters may be null; {@code beforeNumber} pages. */
    List<Job> list(Connection c, String workspace, String table, JobState state, Long beforeNumber, int limit)
            throws SQLException {
        List<Job> jobs = q.list(c, "listJobs", this::job, workspace, table, state == null ? null : state.wireName(),
                beforeNumber, limit);
        List<Job> withEvents = new ArrayList<>(jobs.size());
        for (Job j : jobs) withEvents.add(withEvents(c, j));
        return withEvents;
    }

    private Job withEvents(Connection c, Job j) throws SQLException {
        List<JobEvent> events = q.list(c, "events", rs -> new JobEvent(rs.getString("state"), rs.getString("message"),
                q.dialect().readInstant(rs, "time")), j.id());
        return new Job(j.id(), j.number(), j.workspace(), j.table(), j.mode(), j.spec(), j.state(), j.name(), j.ref(),
                j.counts(), j.nextIndex(), j.cancelRequested(), j.createdAt(), j.startedAt(), j.finishedAt(), j.error(),
                j.callback(), events);
    }

    /** A job row without its events. */
    private Job job(ResultSet rs) throws SQLException {
        long requested = rs.getLong("requested");
        Long req = rs.wasNull() ? null : requested;
        Counts counts = new Counts(req, rs.getLong("processed"), rs.getLong("inserted"), rs.getLong("updated"),
                rs.getLong("unchanged"), rs.getLong("ignored"), rs.getLong("deleted"), rs.getLong("failed"));
        SqlDialect d = q.dialect();
        return new Job(rs.getString("id"), rs.getLong("number"), rs.getString("workspace"), rs.getString("table_name"),
                ImportMode.fromWire(rs.getString("mode")), Json.read(rs.getString("spec"), ImportSpec.class),
                JobState.fromWire(rs.getString("state")), rs.getString("name"), rs.getString("ref"), counts,
                rs.getLong("next_index"), rs.getInt("cancel_requested") != 0, d.readInstant(rs, "created_at"),
                d.readInstant(rs, "started_at"), d.readInstant(rs, "finished_at"), rs.getString("error"),
                rs.getString("callback"), List.of());
    }
}
