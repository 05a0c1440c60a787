package dev.freight.store;

import dev.freight.engine.EncodedResults;
import dev.freight.engine.ResultChunk;
import java.sql.Connection;
import java.sql.SQLException;
import dev.freight.job.Outcome;
import java.util.List;
import java.util.Set;

/** Every job's row results, one compressed blob per committed chunk, written in the chunk's transaction. */
public final class ResultLog {
    private final Database db;
    private final Queries q;

    ResultLog(Database db, Queries q) {
        this.db = db;
        this.q = q;
    }

    /** Up to {@code maxChunks} chunks of results, from the one holding row {@code fromIndex} on. */
    public List<ResultChunk> from(String jobId, long fromIndex, int maxChunks) {
        return db.read(c -> q.list(c, "resultsFrom", this::chunk, jobId, fromIndex, maxChunks));
    }

    /**
     * Up to {@code maxChunks} chunks from the one holding row {@code fromIndex} on, leaving out
     * chunks known to hold none of {@code wanted} (so their rows are not there: callers that need
     * every row use {@link #from(String, long, int)}).
     */
    public List<ResultChunk> from(String jobId, long fromIndex, int maxChunks, Set<Outcome> wanted) {
        return db.read(c -> q.list(c, "resultsWithOutcomesFrom", this::chunk, jobId, fromIndex, mask(wanted), maxChunks));
    }

    /** {@code ahead}: the results encoded while planning, used when they still hold (may be null). */
    void insert(Connection c, String jobId, ResultChunk chunk, EncodedResults ahead) throws SQLException {
        int present = 0;
        for (Outcome o : chunk.outcomes()) present |= 1 << o.ordinal();
        q.update(c, "insertResults", jobId, chunk.firstIndex(), chunk.size(), chunk.committedAt(),
                ahead != null ? ahead.bytesFor(chunk) : chunk.encode(), present);
    }

    private ResultChunk chunk(java.sql.ResultSet rs) throws SQLException {
        return ResultChunk.decode(rs.getLong("first_index"), q.dialect().readInstant(rs, "committed_at"), rs.getBytes("data"));
    }

    /** One bit per outcome, as the outcomes column keeps them. */
    private static int mask(Set<Outcome> outcomes) {
        int m = 0;
        for (Outcome o : outcomes) m |= 1 << o.ordinal();
        return m;
    }

    /** A chunk's results as {@link ResultChunk#encode} made them (a dry run's, written after its rollback). */
    void insertEncoded(Connection c, String jobId, long firstIndex, int size, java.time.Instant committedAt, byte[] data)
            throws SQLException {
        q.update(c, "insertResults", jobId, firstIndex, size, committedAt, data, null); // outcomes unknown here: always read
    }

    void delete(Connection c, String jobId) throws SQLException {
        q.update(c, "deleteResults", jobId);
    }
}
