package dev.freight.store;

import dev.freight.engine.EncodedResults;
import dev.freight.engine.ResultChunk;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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
        return db.read(c -> q.list(c, "resultsFrom", rs -> ResultChunk.decode(rs.getLong("first_index"),
                q.dialect().readInstant(rs, "committed_at"), rs.getBytes("data")), jobId, fromIndex, maxChunks));
    }

    /** {@code ahead}: the results encoded while planning, used when they still hold (may be null). */
    void insert(Connection c, String jobId, ResultChunk chunk, EncodedResults ahead) throws SQLException {
        q.update(c, "insertResults", jobId, chunk.firstIndex(), chunk.size(), chunk.committedAt(),
                ahead != null ? ahead.bytesFor(chunk) : chunk.encode());
    }

    void delete(Connection c, String jobId) throws SQLException {
        q.update(c, "deleteResults", jobId);
    }
}
